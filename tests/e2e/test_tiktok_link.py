"""In Chromium: a creator connects TikTok from their profile, allows access on
the sandbox's consent page, comes back linked, and sees their figures verified
from TikTok (read at once: tasks run in-process in tests). Linked, they post an
approved draft: they pick the posted video from their TikTok videos and their
own report shows its numbers. axe-core checks the pages on the way."""

import re

import pytest
from playwright.sync_api import expect

from collaborations.models import Collaboration
from collaborations.services.drafts import submit_draft
from collaborations.services.figures import read_creator_video_figures
from creators.models import CreatorProfile, FigureSnapshot
from tests.collaborations.factories import CollaborationFactory, draft_video, live_campaign
from tests.creators.factories import CreatorProfileFactory
from tiktok.models import LinkedAccount
from tiktok.sandbox import user_info_for, videos_for

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def link_tiktok(page, axe_violations):
    """From the dashboard: the profile, Connect TikTok, Allow on the sandbox's
    consent page, back on the profile linked. Returns the sandbox open id."""
    page.get_by_role("link", name="Edit profile").click()
    tiktok_card = page.get_by_role("region", name="TikTok account")
    tiktok_card.get_by_role("link", name="Connect TikTok").click()

    expect(
        page.get_by_role("heading", name="Allow the portal to read your TikTok account?")
    ).to_be_visible()
    expect(page.get_by_role("listitem").filter(has_text="user.info.stats")).to_be_visible()
    assert axe_violations(page) == []
    open_id = page.get_by_label("Sandbox TikTok account (open id)").input_value()
    assert open_id
    page.get_by_role("button", name="Allow").click()

    expect(page.get_by_text("Your TikTok account")).to_contain_text("is connected")
    expect(tiktok_card.get_by_role("link", name="Disconnect TikTok")).to_be_visible()
    assert axe_violations(page) == []
    return open_id


def test_a_creator_links_tiktok_and_sees_verified_figures(tab_for, axe_violations):
    profile = CreatorProfileFactory(
        display_name="Siti Rahma", handle="siti-rahma", user__email="siti@example.com"
    )
    page = tab_for(profile.user)
    expect(page.get_by_role("heading", name="Creator dashboard")).to_be_visible()
    expect(page.get_by_text("Self-reported").first).to_be_visible()

    open_id = link_tiktok(page, axe_violations)

    account = LinkedAccount.objects.get(user=profile.user)
    assert (account.open_id, account.status) == (open_id, "active")

    page.goto("/")
    page.get_by_role("link", name="Dashboard").first.click()
    expect(page.get_by_role("heading", name="Creator dashboard")).to_be_visible()
    expect(page.get_by_text("Verified from TikTok,").first).to_be_visible()
    followers = user_info_for(open_id).follower_count
    expect(page.get_by_text(f"{followers:,}", exact=True)).to_be_visible()
    assert axe_violations(page) == []
    profile = CreatorProfile.objects.get(pk=profile.pk)
    assert profile.figures_source == FigureSnapshot.Source.API
    assert profile.follower_count == followers


def test_a_linked_creator_posts_an_approved_draft_and_sees_what_it_achieved(
    tab_for, axe_violations
):
    campaign = live_campaign(product_name="Kopi susu gula aren")
    collaboration = CollaborationFactory(campaign=campaign, status=Collaboration.Status.ACCEPTED)
    creator = collaboration.creator.user
    submit_draft(
        collaboration=collaboration, user=creator, video=draft_video(), caption="Kopi pagi #ad"
    )
    tab = tab_for(creator)
    open_id = link_tiktok(tab, axe_violations)

    business = tab_for(campaign.member)
    business.goto(f"/collaborations/{collaboration.pk}/")
    business.get_by_role("link", name="Review the draft").click()
    expect(business.get_by_text("Kopi pagi #ad")).to_be_visible()
    business.get_by_role("button", name="Approve the draft").click()
    expect(business.get_by_text("The collaboration is now: draft approved.")).to_be_visible()

    posted = videos_for(open_id)[0]
    tab.goto(f"/collaborations/{collaboration.pk}/")
    tab.get_by_role("link", name="Submit the posted video").click()
    tab.get_by_role("radio", name=re.compile(rf"^{re.escape(posted.title)}\s")).check()
    assert axe_violations(tab) == []
    tab.get_by_role("button", name="Submit the posted video").click()
    expect(tab.get_by_text("Your video is submitted. We emailed the business.")).to_be_visible()

    # The daily figures task reads the posted video from the sandbox TikTok.
    read_creator_video_figures(creator_id=collaboration.creator_id)
    tab.get_by_role("link", name="My collaborations").first.click()
    tab.get_by_role("link", name="What my videos achieved").click()
    expect(tab.get_by_role("heading", name="What my videos achieved")).to_be_visible()
    expect(tab.locator("#total-videos")).to_have_text("1")
    expect(tab.locator("#total-views")).to_have_text(f"{posted.view_count:,}")
    expect(tab.get_by_role("link", name=posted.title)).to_be_visible()
    assert axe_violations(tab) == []
