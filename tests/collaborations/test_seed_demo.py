from io import StringIO

import pytest
from django.core.management import call_command

from brands.models import CampaignMatch
from collaborations.models import Collaboration

pytestmark = pytest.mark.django_db


def test_the_demo_campaign_has_matches_and_an_accepted_collaboration_even_when_run_twice(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", allow_production=True, stdout=StringIO())
        call_command("seed_demo", allow_production=True, stdout=StringIO())

    collaboration = Collaboration.objects.get()
    assert collaboration.status == Collaboration.Status.ACCEPTED
    assert collaboration.creator.user.email == "creator1@demo.portal.test"
    assert collaboration.campaign.business.members.get().email == "business1@demo.portal.test"
    # Approving the campaign queued its match; tests run tasks in-process.
    assert CampaignMatch.objects.filter(
        campaign=collaboration.campaign, creator=collaboration.creator
    ).exists()
