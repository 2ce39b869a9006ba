"""The earnings page caches its payout details (``earnings_readiness``) under
every value of them it reads on each request, and whether payouts still wait
for a new method: each service changing them shows at once, and no creator
or language sees another's."""

from datetime import timedelta

import pytest
from django.utils import timezone

from earnings import services
from earnings.models import PayoutFreeze, PayoutMethod
from tests.creators.factories import CreatorProfileFactory
from tests.earnings.factories import ready_for_payouts
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


def signed_in(client):
    """A creator, signed in."""
    profile = CreatorProfileFactory()
    client.force_login(profile.user)
    return profile


def page(client, language="en"):
    """The page, read twice: the second read is the page kept (earnings_page)."""
    client.get("/earnings/", headers={"Accept-Language": language})
    return client.get("/earnings/", headers={"Accept-Language": language}).content.decode()


def test_a_saved_payout_method_shows_at_once(client):
    creator = signed_in(client)
    assert "Not added yet" in page(client)

    services.save_payout_method(
        creator=creator,
        kind=PayoutMethod.Kind.BANK,
        bank="BCA",
        account_number="1234567890",
        account_holder="Sri Rahayu",
        validated_name="SRI RAHAYU",
    )

    shown = page(client)
    assert "BCA ••••7890" in shown
    assert "The bank says this account belongs to SRI RAHAYU." in shown


def test_a_method_staff_let_be_used_now_stops_waiting_at_once(client):
    creator = signed_in(client)
    method = ready_for_payouts(creator, usable_from=timezone.now() + timedelta(days=2))
    assert "New: for your safety" in page(client)

    services.use_methods_now(method_ids=[method.pk])

    assert "New: for your safety" not in page(client)


def test_a_waiting_method_stops_waiting_when_its_time_comes(client, monkeypatch):
    creator = signed_in(client)
    usable_from = timezone.now() + timedelta(minutes=5)
    ready_for_payouts(creator, usable_from=usable_from)
    assert "New: for your safety" in page(client)

    later = usable_from + timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)

    assert "New: for your safety" not in page(client)


def test_tax_details_and_an_identity_check_show_at_once(client):
    creator = signed_in(client)
    assert "Add tax details" in page(client)

    services.save_tax_details(creator=creator, npwp="0123456789012345", name="Sri Rahayu")
    services.check_identity(creator_ids=[creator.pk], staff=StaffFactory())

    shown = page(client)
    assert "Change tax details" in shown
    assert "Checked on" in shown


def test_a_freeze_and_its_lifting_show_at_once(client):
    creator = signed_in(client)
    assert "Your payouts are on hold" not in page(client)
    freeze = PayoutFreeze.objects.create(
        creator=creator, reason="Checking", frozen_by=StaffFactory()
    )
    assert "Your payouts are on hold" in page(client)

    services.lift_freeze(freeze=freeze, staff=StaffFactory())

    assert "Your payouts are on hold" not in page(client)


def test_each_creator_and_language_has_its_own_payout_details(client):
    creator = signed_in(client)
    ready_for_payouts(creator, account_number="1234567890")
    other = CreatorProfileFactory()
    ready_for_payouts(other, account_number="9876543210")
    assert "••••7890" in page(client)

    client.force_login(other.user)
    english, indonesian = page(client), page(client, "id")

    assert "••••3210" in english and "••••7890" not in english
    assert "Payout method" in english and "Payout method" not in indonesian


def test_the_payout_details_show_with_redis_down(client, cache_down):
    creator = signed_in(client)
    ready_for_payouts(creator, account_number="1234567890")

    assert "••••7890" in page(client)
