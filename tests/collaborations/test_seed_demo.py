from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from brands.models import CampaignMatch
from collaborations.models import Collaboration
from collaborations.selectors import fee_state
from payments.ledger import check_ledger

pytestmark = pytest.mark.django_db


def test_the_demo_campaign_has_matches_and_collaborations_with_money_even_when_run_twice(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", allow_production=True, stdout=StringIO())
        call_command("seed_demo", allow_production=True, stdout=StringIO())

    approved, submitted = Collaboration.objects.order_by("pk")
    assert (approved.status, submitted.status) == ("approved", "submitted")
    assert submitted.creator.user.email == "creator2@demo.portal.test"
    # Siti's fee, less the platform fee, is in her earnings; Budi's is held.
    assert fee_state(approved)["net"] == Decimal("270000.00")
    assert fee_state(submitted)["held"] == Decimal("250000.00")
    assert check_ledger().problems == []
    collaboration = approved
    assert collaboration.creator.user.email == "creator1@demo.portal.test"
    assert collaboration.campaign.business.members.get().email == "business1@demo.portal.test"
    # Both videos went through an approved draft, were picked from the creators'
    # sandbox TikTok accounts, and have a day of figures for the report.
    for posted in (approved, submitted):
        assert posted.drafts.count() == 1 and posted.draft_approved_at
        assert posted.tiktok_video_id and posted.posted_at
        assert posted.figures.count() == 1
    # Approving the campaign queued its match; tests run tasks in-process.
    assert CampaignMatch.objects.filter(
        campaign=collaboration.campaign, creator=collaboration.creator
    ).exists()
