"""In Chromium: a creator connects TikTok from their profile, allows access on
the sandbox's consent page, comes back linked, and sees their figures verified
from TikTok (read at once: tasks run in-process in tests). axe-core checks the
pages on the way."""

import pytest
from playwright.sync_api import expect

from creators.models import CreatorProfile, FigureSnapshot
from tests.creators.factories import CreatorProfileFactory
from tiktok.models import LinkedAccount
from tiktok.sandbox import user_info_for

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_creator_links_tiktok_and_sees_verified_figures(tab_for, axe_violations):
    profile = CreatorProfileFactory(
        display_name="Siti Rahma", handle="siti-rahma", user__email="siti@example.com"
    )
    page = tab_for(profile.user)
    expect(page.get_by_role("heading", name="Creator dashboard")).to_be_visible()
    expect(page.get_by_text("Self-reported").first).to_be_visible()

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
