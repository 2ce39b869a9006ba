"""My receipts: each row is cached under every value it shows; a new payment's
receipt shows at once, in the reader's language, and nobody sees another
person's receipts."""

import pytest
from django.urls import reverse

from billing.models import Receipt
from tests.billing.factories import buy
from tests.factories import UserFactory
from tests.series.factories import PublishedSeriesFactory

pytestmark = pytest.mark.django_db


def receipts(client, language="en"):
    return client.get(reverse("billing:receipts"), HTTP_ACCEPT_LANGUAGE=language).text


def test_a_new_purchase_shows_its_receipt_at_once(client):
    buyer = UserFactory()
    buy(PublishedSeriesFactory(title="Rendang"), buyer)
    client.force_login(buyer)
    assert "Series “Rendang”" in receipts(client)

    buy(PublishedSeriesFactory(title="Sambal"), buyer)

    text = receipts(client)
    assert "Series “Rendang”" in text and "Series “Sambal”" in text
    for receipt in Receipt.objects.filter(payer=buyer):
        assert reverse("billing:receipt", args=[receipt.number]) in text


def test_each_person_sees_only_their_receipts_each_in_their_language(client):
    first, second = UserFactory(), UserFactory()
    buy(PublishedSeriesFactory(title="Rendang"), first)
    buy(PublishedSeriesFactory(title="Sambal"), second)

    client.force_login(first)
    assert "Series “Rendang”" in receipts(client)
    client.force_login(second)
    text = receipts(client)
    assert "Sambal" in text and "Rendang" not in text
    assert "Your receipts, newest first" in text
    indonesian = receipts(client, "id")
    assert "Your receipts, newest first" not in indonesian
    assert "Sambal" in indonesian
