"""How a creator's posted campaign videos did against their own average views:
part of their track record (``selectors.track_records``), copied onto their
profile by the service that reads the videos' figures."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from collaborations.models import Collaboration, VideoFigures
from collaborations.selectors import track_records
from collaborations.services.figures import (
    copy_campaign_videos_to_profiles,
    read_creator_video_figures,
)
from creators.models import CreatorProfile
from creators.signals import creator_figures_changed
from tests.brands.matching_helpers import posted_videos
from tests.collaborations.factories import CollaborationFactory
from tests.creators.factories import CreatorProfileFactory
from tests.tiktok.factories import LinkedAccountFactory
from tiktok.sandbox import videos_for

pytestmark = pytest.mark.django_db
Status = Collaboration.Status


def test_without_a_posted_video_nothing_is_measured():
    profile = CreatorProfileFactory()
    CollaborationFactory(creator=profile, status=Status.APPROVED)

    record = track_records()[profile.pk]

    assert (record["videos_measured"], record["vs_average"]) == (0, None)


def test_each_video_counts_its_latest_views_against_the_average_capped_at_three():
    profile = CreatorProfileFactory()
    # Latest readings: 3,000 / 1,000 = 3.0; 50,000 / 1,000 = 50, counted 3.0;
    # 500 / 1,000 = 0.5. (Each video's earlier reading had half the views.)
    posted_videos(profile, (3_000, 1_000), (50_000, 1_000), (500, 1_000))
    # Not measured: no average when it began, or no figures read yet.
    posted_videos(profile, (8_000, None), (8_000, 0))
    (unread,) = posted_videos(profile, (8_000, 1_000))
    unread.figures.all().delete()

    record = track_records()[profile.pk]

    assert record["judged"] == 6
    assert record["videos_measured"] == 3
    assert record["vs_average"] == pytest.approx((3 + 3 + 0.5) / 3)


def test_below_average_and_at_average_read_as_such():
    below, usual = CreatorProfileFactory(), CreatorProfileFactory()
    posted_videos(below, (250, 1_000), (750, 1_000))
    posted_videos(usual, (4_000, 4_000))

    records = track_records()

    assert records[below.pk]["vs_average"] == pytest.approx(0.5)
    assert (records[usual.pk]["videos_measured"], records[usual.pk]["vs_average"]) == (1, 1.0)


def test_a_video_still_in_review_is_measured_though_not_judged():
    profile = CreatorProfileFactory()
    posted_videos(profile, (2_000, 1_000), status=Status.SUBMITTED)

    record = track_records()[profile.pk]

    assert record["judged"] == 0
    assert (record["videos_measured"], record["vs_average"]) == (1, 2.0)


def test_the_records_of_every_creator_come_in_one_query(django_assert_num_queries):
    for _ in range(3):
        posted_videos(CreatorProfileFactory(), (1_000, 500), (100, 500))

    with django_assert_num_queries(1):
        records = track_records()

    assert [record["vs_average"] for record in records.values()] == [pytest.approx(1.1)] * 3


def test_reading_the_figures_copies_the_measure_onto_the_profile():
    profile = CreatorProfileFactory()
    account = LinkedAccountFactory(user=profile.user)
    video = videos_for(account.open_id)[0]
    CollaborationFactory(
        creator=profile,
        status=Status.APPROVED,
        tiktok_video_id=video.id,
        posted_at=timezone.now() - timedelta(days=2),
        creator_average_views=video.view_count * 4,
    )

    reading = read_creator_video_figures(creator_id=profile.pk)

    assert len(reading.read) == 1
    profile.refresh_from_db()
    assert profile.posted_videos_measured == 1
    assert profile.posted_videos_vs_average == Decimal("0.25")


def test_the_copy_tells_the_matcher_only_when_the_measure_changed(
    django_capture_on_commit_callbacks,
):
    profile = CreatorProfileFactory()
    posted_videos(profile, (1_400, 1_000))
    told = []

    def listen(sender, profile_id, **kwargs):
        told.append(profile_id)

    creator_figures_changed.connect(listen)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            assert copy_campaign_videos_to_profiles(creator_ids=[profile.pk]) == [profile.pk]
        with django_capture_on_commit_callbacks(execute=True):
            assert copy_campaign_videos_to_profiles(creator_ids=[profile.pk]) == []
    finally:
        creator_figures_changed.disconnect(listen)

    assert told == [profile.pk]
    profile.refresh_from_db()
    assert (profile.posted_videos_measured, profile.posted_videos_vs_average) == (
        1,
        Decimal("1.40"),
    )


def test_a_creator_whose_videos_no_longer_count_goes_back_to_nothing():
    profile = CreatorProfileFactory()
    posted_videos(profile, (1_400, 1_000))
    copy_campaign_videos_to_profiles(creator_ids=[profile.pk])

    VideoFigures.objects.filter(collaboration__creator=profile).delete()
    copy_campaign_videos_to_profiles(creator_ids=[profile.pk])

    profile = CreatorProfile.objects.get(pk=profile.pk)
    assert (profile.posted_videos_measured, profile.posted_videos_vs_average) == (0, None)


# --- On the creator's pages ---------------------------------------------------------


def _pages(profile):
    return [
        reverse("creators:dashboard"),
        reverse("creators:figures"),
        reverse("creators:media_kit", args=[profile.handle]),
    ]


def test_the_creators_pages_and_media_kit_show_how_campaign_videos_did(client):
    profile = CreatorProfileFactory()
    posted_videos(profile, (1_400, 1_000), (2_100, 1_500), (700, 500))
    copy_campaign_videos_to_profiles(creator_ids=[profile.pk])
    client.force_login(profile.user)

    for page in _pages(profile):
        response = client.get(page)
        assert response.status_code == 200
        assert "Campaign videos reached 1.4× their usual views (3 videos)" in response.text


def test_one_video_reads_in_the_singular_and_none_shows_nothing(client):
    measured, unmeasured = CreatorProfileFactory(), CreatorProfileFactory()
    posted_videos(measured, (500, 1_000))
    copy_campaign_videos_to_profiles(creator_ids=[measured.pk, unmeasured.pk])

    client.force_login(measured.user)
    assert "Campaign videos reached 0.5× their usual views (1 video)" in (
        client.get(reverse("creators:media_kit", args=[measured.handle])).text
    )
    client.force_login(unmeasured.user)
    for page in _pages(unmeasured):
        assert "Campaign videos reached" not in client.get(page).text


def test_the_measure_reads_in_indonesian(client):
    profile = CreatorProfileFactory(user__language="id")
    posted_videos(profile, (1_400, 1_000))
    copy_campaign_videos_to_profiles(creator_ids=[profile.pk])

    with translation.override("id"):
        response = client.get(
            reverse("creators:media_kit", args=[profile.handle]), HTTP_ACCEPT_LANGUAGE="id"
        )

    assert "1,4×" in response.text
