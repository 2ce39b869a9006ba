"""Where figures come from, on the creator's own pages and the media kit:
"Verified from TikTok, <date>", stale, or "Self-reported"; the Connect
TikTok call to action; and verified figures that cannot be typed over."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from creators.models import CreatorProfile, FigureSnapshot
from creators.services import FiguresRefused, import_figures_csv, update_profile
from creators.verification import sync_figures_from_tiktok
from tests.creators.factories import EligibleCreatorFactory
from tests.tiktok.factories import LinkedAccountFactory
from tiktok.models import LinkedAccount

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("creators:dashboard")
FIGURES = reverse("creators:figures")
PROFILE = reverse("creators:edit_profile")


def verified_creator(client=None, **fields):
    profile = EligibleCreatorFactory(**fields)
    LinkedAccountFactory(user=profile.user)
    sync_figures_from_tiktok(profile=profile)
    profile.refresh_from_db()
    if client is not None:
        client.force_login(profile.user)
    return profile


def read_on(profile):
    return date_format(timezone.localtime(profile.figures_verified_at), "DATE_FORMAT")


# --- The dashboard ------------------------------------------------------------------


def test_a_creator_without_tiktok_is_invited_to_connect(client):
    profile = EligibleCreatorFactory()
    client.force_login(profile.user)

    content = client.get(DASHBOARD).content.decode()

    assert "Connect TikTok" in content
    assert reverse("tiktok:connect") in content
    assert "Self-reported" in content


def test_a_broken_link_is_announced_with_a_reconnect_link(client):
    profile = verified_creator(client)
    LinkedAccount.objects.filter(user=profile.user).update(status=LinkedAccount.Status.BROKEN)

    content = client.get(DASHBOARD).content.decode()

    assert "Your TikTok link needs reconnecting" in content
    assert "Reconnect TikTok" in content


def test_a_linked_creator_sees_their_figures_verified_from_tiktok(client):
    profile = verified_creator(client)

    content = client.get(DASHBOARD).content.decode()

    assert f"Verified from TikTok, {read_on(profile)}" in content
    assert "Connect TikTok" not in content
    assert "verified from TikTok" in content  # the Series checklist


# --- The figures page ---------------------------------------------------------------


def test_the_figures_page_shows_verified_figures_with_their_method(client):
    profile = verified_creator(client)

    content = client.get(FIGURES).content.decode()

    assert f"Verified from TikTok, {read_on(profile)}" in content
    assert (
        "Views in the last 30 days: the sum of the views of the public videos posted in the "
        f"last 30 days, read from TikTok on {read_on(profile)}."
    ) in content
    assert "cannot be changed by hand" in content
    assert '<input type="number" name="follower_count"' not in content


def test_a_verified_creator_cannot_type_over_their_figures(client):
    profile = verified_creator(client)
    before = (profile.follower_count, profile.views_last_30_days, profile.public_video_count)

    response = client.post(
        FIGURES,
        {"follower_count": 999_999, "public_video_count": 99, "views_last_30_days": 9_999_999},
        follow=True,
    )

    assert "cannot be changed by hand" in response.content.decode()
    profile.refresh_from_db()
    assert (profile.follower_count, profile.views_last_30_days, profile.public_video_count) == (
        before
    )
    assert profile.figures_source == FigureSnapshot.Source.API
    assert not FigureSnapshot.objects.filter(
        profile=profile, source=FigureSnapshot.Source.FORM
    ).exists()


def test_a_verified_creator_still_edits_the_rest_of_their_profile(client):
    profile = verified_creator(client)
    rate = profile.engagement_rate
    form = client.get(PROFILE).context["form"]
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name not in {"photo", "languages", "niches"}
    }
    data.update(
        {
            "display_name": "New Name",
            "engagement_rate": "99.00",
            "languages": [language.pk for language in profile.languages.all()],
            "niches": [niche.pk for niche in profile.niches.all()],
            "country": profile.country_id,
            "packages-TOTAL_FORMS": 0,
            "packages-INITIAL_FORMS": 0,
            "audience-TOTAL_FORMS": 0,
            "audience-INITIAL_FORMS": 0,
        }
    )
    for name in ("date_of_birth", "platform_account_created_on"):
        data[name] = getattr(profile, name).isoformat()

    response = client.post(PROFILE, data)

    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.display_name == "New Name"
    assert profile.engagement_rate == rate


def test_a_self_reported_creator_still_updates_their_figures(client):
    profile = EligibleCreatorFactory()
    client.force_login(profile.user)

    client.post(
        FIGURES, {"follower_count": 20_000, "public_video_count": 4, "views_last_30_days": 7_000}
    )

    profile.refresh_from_db()
    assert profile.follower_count == 20_000
    assert profile.figures_source == FigureSnapshot.Source.FORM


def test_after_disconnecting_a_creator_records_figures_by_hand_again(client):
    profile = verified_creator(client)
    LinkedAccount.objects.filter(user=profile.user).update(status=LinkedAccount.Status.DISCONNECTED)

    client.post(
        FIGURES, {"follower_count": 20_000, "public_video_count": 4, "views_last_30_days": 7_000}
    )

    profile.refresh_from_db()
    assert profile.follower_count == 20_000
    assert not profile.figures_are_verified


def test_a_csv_import_does_not_overwrite_verified_figures():
    profile = verified_creator()
    followers = profile.follower_count
    rows = (
        "handle,recorded_on,follower_count,public_video_count,views_last_30_days\n"
        f"{profile.handle},{timezone.localdate().isoformat()},1,1,1\n"
    )

    result = import_figures_csv(io.BytesIO(rows.encode()))

    assert result.imported == 0
    assert "verified from TikTok" in result.errors[0][1]
    assert CreatorProfile.objects.get(pk=profile.pk).follower_count == followers


# --- The media kit ------------------------------------------------------------------


def test_the_media_kit_says_the_figures_are_verified_and_how(client):
    profile = verified_creator()

    content = client.get(reverse("creators:media_kit", args=[profile.handle])).content.decode()

    assert f"Verified from TikTok, {read_on(profile)}" in content
    assert "How these figures are worked out" in content


def test_the_media_kit_marks_typed_figures_self_reported(client):
    profile = EligibleCreatorFactory(figures_source="form", engagement_rate=Decimal("5"))

    content = client.get(reverse("creators:media_kit", args=[profile.handle])).content.decode()

    assert "Self-reported" in content
    assert "Verified from TikTok" not in content


def test_stale_figures_say_when_they_were_last_read(client):
    profile = verified_creator()
    read = timezone.now() - timedelta(days=3)
    CreatorProfile.objects.filter(pk=profile.pk).update(
        figures_verified_at=read, figures_stale_since=read + timedelta(days=1)
    )

    content = client.get(reverse("creators:media_kit", args=[profile.handle])).content.decode()

    day = date_format(timezone.localtime(read), "DATE_FORMAT")
    assert f"last read {day}, TikTok did not answer since" in content


def test_the_profile_service_refuses_a_new_engagement_rate_over_verified_figures():
    profile = verified_creator()

    with pytest.raises(FiguresRefused):
        update_profile(profile=profile, details={"engagement_rate": Decimal("99")})

    assert CreatorProfile.objects.get(pk=profile.pk).engagement_rate == profile.engagement_rate
