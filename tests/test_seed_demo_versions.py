from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from brands.models import Business
from creators.models import CreatorProfile

pytestmark = pytest.mark.django_db


def seed():
    call_command("seed_demo", allow_production=True, stdout=StringIO())


def test_seeding_again_restores_a_demo_creators_bio_on_a_kept_media_kit(client):
    seed()
    profile = CreatorProfile.objects.get(user__email="creator1@demo.portal.test")
    profile.bio = "Diubah sebentar."
    profile.save()
    kit = reverse("creators:media_kit", args=[profile.handle])
    assert "Diubah sebentar." in client.get(kit).text  # now kept under the creator's version

    seed()

    page = client.get(kit).text
    assert "Resep rumahan tiap hari." in page
    assert "Diubah sebentar." not in page


def test_seeding_again_completes_a_demo_business_on_its_kept_dashboard(client):
    seed()
    business = Business.objects.get(memberships__user__email="business2@demo.portal.test")
    business.size = ""
    business.save()
    client.force_login(business.members.get())
    prompt = "Complete your business profile"
    assert prompt in client.get(reverse("brands:dashboard"), HTTP_ACCEPT_LANGUAGE="en").text

    seed()

    assert prompt not in client.get(reverse("brands:dashboard"), HTTP_ACCEPT_LANGUAGE="en").text
