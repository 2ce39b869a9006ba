"""The open campaigns list caches its cards (``open_campaigns``, keyed on every
value shown): whatever changes what a card shows shows at once, and no
creator or language sees another's card."""

from decimal import Decimal

import pytest
from django.urls import reverse

from brands import services as brand_services
from collaborations import services
from tests.brands.factories import NicheFactory
from tests.collaborations.factories import live_campaign
from tests.creators.factories import CreatorProfileFactory
from tests.factories import DEFAULT_PASSWORD, StaffFactory

pytestmark = pytest.mark.django_db
OPEN = reverse("collaborations:open_campaigns_all")


def login(client, user):
    assert client.login(email=user.email, password=DEFAULT_PASSWORD)


def test_applying_replaces_the_apply_button_at_once(client):
    creator = CreatorProfileFactory()
    campaign = live_campaign(product_name="Sambal Bu Rudy")
    login(client, creator.user)
    assert 'aria-label="Apply to Sambal Bu Rudy"' in client.get(OPEN).text

    services.apply(campaign=campaign, creator=creator, fee=Decimal("250000"))

    response = client.get(OPEN)
    assert 'aria-label="Apply to Sambal Bu Rudy"' not in response.text
    assert "You already have a collaboration with this campaign." in response.text


def test_one_creators_application_does_not_hide_the_button_from_another(client):
    applied, other = CreatorProfileFactory(), CreatorProfileFactory()
    campaign = live_campaign(product_name="Kopi Kenangan")
    services.apply(campaign=campaign, creator=applied, fee=Decimal("250000"))
    login(client, applied.user)
    assert 'aria-label="Apply to Kopi Kenangan"' not in client.get(OPEN).text
    client.logout()

    login(client, other.user)

    assert 'aria-label="Apply to Kopi Kenangan"' in client.get(OPEN).text


def test_a_changed_brief_shows_at_once_when_the_campaign_is_live_again(client):
    creator = CreatorProfileFactory()
    campaign = live_campaign(product_name="Teh Botol", brief_show="Minum di pantai")
    login(client, creator.user)
    assert "Minum di pantai" in client.get(OPEN).text

    brand_services.edit_campaign_brief(
        campaign=campaign, values={"brief_show": "Minum di gunung"}, user=campaign.member
    )
    assert "Teh Botol" not in client.get(OPEN).text  # back in review: not open
    campaign.refresh_from_db()
    brand_services.approve_campaign(campaign=campaign, staff=StaffFactory())

    response = client.get(OPEN)
    assert "Minum di gunung" in response.text
    assert "Minum di pantai" not in response.text


def test_a_renamed_business_and_niche_show_at_once(client):
    creator = CreatorProfileFactory()
    niche = NicheFactory(name="Food", name_id="Makanan")
    campaign = live_campaign(product_name="Bakso")
    campaign.niches.add(niche)
    login(client, creator.user)
    assert "Food" in client.get(OPEN, HTTP_ACCEPT_LANGUAGE="en").text

    campaign.business.name = "Warung Baru"
    campaign.business.save()
    niche.name = "Food and drink"
    niche.save()

    response = client.get(OPEN, HTTP_ACCEPT_LANGUAGE="en")
    assert "Warung Baru" in response.text
    assert "Food and drink" in response.text


def test_each_language_has_its_own_card(client):
    creator = CreatorProfileFactory()
    live_campaign(product_name="Bakso").niches.add(NicheFactory(name="Food", name_id="Makanan"))
    login(client, creator.user)

    english = client.get(OPEN, HTTP_ACCEPT_LANGUAGE="en")
    indonesian = client.get(OPEN, HTTP_ACCEPT_LANGUAGE="id")

    assert ">Food<" in english.text and ">Makanan<" not in english.text
    assert ">Makanan<" in indonesian.text and ">Food<" not in indonesian.text
