"""In Debian's Chromium: a business launches its campaign, staff approve it (in
the admin; here through the same service), the matcher runs on the approval
(the real task, in-process), the business sees the creator among its matches
with the reasons and invites them; the creator accepts and sends a draft the
business approves, then picks the posted video from their (sandbox) TikTok;
the business approves it, the held fee reaches the creator's earnings, and
the campaign report shows the video's figures.
axe-core checks the collaboration pages."""

import pytest
from playwright.sync_api import expect

from brands import services as brand_services
from brands.models import Campaign, CampaignMatch
from collaborations.models import Collaboration
from collaborations.services.figures import read_creator_video_figures
from tests.brands.factories import (
    BusinessMembershipFactory,
    CampaignFactory,
    NicheFactory,
    give_credit,
)
from tests.collaborations.factories import VIDEO_31_SECONDS
from tests.creators.factories import EligibleCreatorFactory
from tests.factories import StaffFactory
from tests.tiktok.factories import LinkedAccountFactory
from tiktok.sandbox import videos_for

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_business_invites_a_matched_creator_who_delivers_and_is_approved(tab_for, axe_violations):
    niche = NicheFactory(name="Snacks and street food")
    creator = EligibleCreatorFactory(display_name="Sri Rahayu", handle="sri-masak")
    creator.niches.add(niche)
    membership = BusinessMembershipFactory(business__name="Keripik Bu Sri")
    give_credit(membership.business, "2000000.00")
    campaign = CampaignFactory(business=membership.business, product_name="Keripik pedas")
    campaign.niches.add(niche)

    business = tab_for(membership.user)
    business.goto(f"/business/campaigns/{campaign.pk}/step/5/")
    business.get_by_role("button", name="Launch campaign").click()
    expect(business.get_by_text("Campaign launched and sent for review.")).to_be_visible()
    campaign.refresh_from_db()
    # Staff approve in the admin; the approval enqueues the match run after commit.
    brand_services.approve_campaign(campaign=campaign, staff=StaffFactory())
    assert Campaign.objects.get(pk=campaign.pk).status == Campaign.Status.LIVE
    assert CampaignMatch.objects.filter(campaign=campaign, creator=creator).exists()

    business.goto(f"/business/campaigns/{campaign.pk}/matches/")
    expect(business.get_by_role("heading", name="Sri Rahayu", exact=True)).to_be_visible()
    expect(business.get_by_role("heading", name="Why Sri Rahayu fits")).to_be_attached()
    expect(business.get_by_text("Makes content in 1 of the 1 niche you chose.")).to_be_visible()
    business.get_by_role("link", name="Invite Sri Rahayu").click()

    expect(business.get_by_role("heading", name="Invite Sri Rahayu")).to_be_visible()
    expect(business.get_by_label("Offered fee (Rp)")).to_have_value("250000")
    business.get_by_label("Message").fill("Kami suka video masakmu!")
    business.get_by_role("button", name="Send the invitation").click()
    expect(business.get_by_text("Sri Rahayu is invited. We emailed them.")).to_be_visible()
    expect(business.get_by_text("Waiting for the creator.")).to_be_visible()
    assert axe_violations(business) == []

    tab = tab_for(creator.user)
    tab.get_by_role("link", name="My collaborations").first.click()
    expect(tab.get_by_text("Invitations waiting for your answer")).to_be_visible()
    tab.get_by_role("link", name="Keripik pedas").click()
    expect(tab.get_by_text("Kami suka video masakmu!")).to_be_visible()
    assert axe_violations(tab) == []
    tab.get_by_role("button", name="Accept for Rp 250,000").click()
    expect(tab.get_by_text("The collaboration is now: accepted.")).to_be_visible()
    expect(tab.get_by_text("Rp 250,000 is held for this collaboration")).to_be_visible()
    # Nothing is posted before the business approves a draft.
    tab.get_by_role("link", name="Upload the draft").click()
    tab.get_by_label("Draft video").set_input_files(str(VIDEO_31_SECONDS))
    tab.get_by_label("Caption").fill("Keripik pedas Bu Sri #ad")
    tab.get_by_role("button", name="Send the draft").click()
    expect(tab.get_by_text("Your draft is sent. We emailed the business.")).to_be_visible()
    assert axe_violations(tab) == []

    business.reload()
    business.get_by_role("link", name="Review the draft").click()
    expect(business.get_by_text("Keripik pedas Bu Sri #ad")).to_be_visible()
    assert axe_violations(business) == []
    business.get_by_role("button", name="Approve the draft").click()
    expect(business.get_by_text("The collaboration is now: draft approved.")).to_be_visible()

    # The creator's TikTok is linked (the sandbox); the posted video is picked from it.
    account = LinkedAccountFactory(user=creator.user)
    posted = videos_for(account.open_id)[0]
    tab.goto(f"/collaborations/{Collaboration.objects.get().pk}/")
    tab.get_by_role("link", name="Submit the posted video").click()
    tab.locator(f"#video-{posted.id}").check()
    tab.get_by_label("Note for the business").fill("Sudah tayang jam 12.")
    assert axe_violations(tab) == []
    tab.get_by_role("button", name="Submit the posted video").click()
    expect(tab.get_by_text("Your video is submitted. We emailed the business.")).to_be_visible()

    business.goto(f"/collaborations/{Collaboration.objects.get().pk}/")
    expect(business.get_by_role("link", name=posted.title)).to_be_visible()
    expect(business.get_by_text("Approved automatically on")).to_be_visible()
    business.get_by_role("link", name="Approve the content").click()
    expect(
        business.get_by_text("The held fee of Rp 250,000 is paid to the creator")
    ).to_be_visible()
    assert axe_violations(business) == []
    business.get_by_role("button", name="Yes, approve and pay").click()
    expect(business.get_by_text("The collaboration is now: approved.")).to_be_visible()
    expect(business.get_by_text("Rp 250,000 paid to the creator.")).to_be_visible()
    assert axe_violations(business) == []
    tab.reload()
    # The platform keeps COLLABORATION_PLATFORM_FEE_PERCENT (10%) of the fee.
    expect(
        tab.get_by_text("Paid to your earnings: Rp 225,000 (after the platform fee of Rp 25,000).")
    ).to_be_visible()

    collaboration = Collaboration.objects.get()
    assert collaboration.status == Collaboration.Status.APPROVED
    assert [change.to_status for change in collaboration.history.all()] == [
        "invited",
        "accepted",
        "draft_submitted",
        "draft_approved",
        "submitted",
        "approved",
    ]

    # The figures task reads the posted video from the sandbox; the report shows them.
    read_creator_video_figures(creator_id=creator.pk)
    business.goto(f"/collaborations/campaigns/{campaign.pk}/report/")
    expect(business.locator("#total-views")).to_have_text(f"{posted.view_count:,}")
    expect(business.get_by_role("link", name=posted.title)).to_be_visible()
    assert axe_violations(business) == []
