"""The campaign report and the creator's: totals, per video, costs in rupiah,
views against the creator's average, the chart, the CSV; who may see it."""

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from brands.models import Campaign
from collaborations import reports
from collaborations.models import Collaboration, VideoFigures
from core.models import User
from creators.models.profiles import CreatorProfile
from tests.brands.factories import BusinessMembershipFactory, CampaignFactory
from tests.collaborations.factories import CollaborationFactory, live_campaign
from tests.creators.factories import CreatorProfileFactory
from tests.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db
Status = Collaboration.Status
D = Decimal


def login(client, user):
    assert client.login(email=user.email, password=DEFAULT_PASSWORD)
    return client


def video(campaign, *, fee, average, readings, name, views_first=None):
    """A posted video of a new creator in ``campaign`` with ``readings``:
    ``[(days ago, views, likes, comments, shares), …]``."""
    collaboration = CollaborationFactory(
        campaign=campaign,
        creator=CreatorProfileFactory(display_name=name),
        status=Status.APPROVED,
        fee=D(fee),
        tiktok_video_id=str(7_000_000 + len(name)),
        video_title=f"{name}'s video",
        posted_at=timezone.now() - timedelta(days=3),
        creator_average_views=average,
    )
    today = timezone.localdate()
    for days_ago, views, likes, comments, shares in readings:
        VideoFigures.objects.create(
            collaboration=collaboration,
            day=today - timedelta(days=days_ago),
            views=views,
            likes=likes,
            comments=comments,
            shares=shares,
            read_at=timezone.now(),
        )
    return collaboration


@pytest.fixture
def campaign():
    """Three posted videos and one not posted yet.

    Ayu: Rp 300,000, average 60,000; read yesterday (100,000 views) and today
    (120,000 views, 9,000 likes, 600 comments, 400 shares).
    Budi: Rp 200,000, average 40,000; read today only (30,000 views, 1,500
    likes, 300 comments, 200 shares).
    Citra: Rp 250,000, no average, not read yet. Dewi: accepted, nothing posted.
    """
    campaign = live_campaign(budget="2000000.00")
    campaign.ayu = video(
        campaign,
        fee="300000",
        average=60_000,
        name="Ayu",
        readings=[(1, 100_000, 7_000, 500, 300), (0, 120_000, 9_000, 600, 400)],
    )
    campaign.budi = video(
        campaign, fee="200000", average=40_000, name="Budi", readings=[(0, 30_000, 1_500, 300, 200)]
    )
    campaign.citra = video(campaign, fee="250000", average=None, name="Citra", readings=[])
    CollaborationFactory(campaign=campaign, status=Status.ACCEPTED, fee=D("100000"))
    return campaign


def test_the_totals_match_the_hand_computed_ones(campaign):
    totals = reports.totals(reports.of_campaign(campaign))

    assert (totals.videos, totals.fees) == (3, D("750000.00"))
    assert (totals.views, totals.likes, totals.comments, totals.shares) == (
        150_000,
        10_500,
        900,
        600,
    )
    assert totals.engagements == 12_000
    assert totals.engagement_rate == D("8.0")  # 12,000 / 150,000
    assert totals.cost_per_mille == D("5000.00")  # 750,000 × 1,000 / 150,000
    assert totals.cost_per_engagement == D("62.50")  # 750,000 / 12,000
    assert totals.against_average == D("150")  # 150,000 / (60,000 + 40,000)


def test_each_video_has_its_own_figures_most_viewed_first(campaign):
    rows = [
        (row.creator.display_name, reports.figures_of(row))
        for row in reports.posted_videos(reports.of_campaign(campaign))
    ]

    assert [name for name, _ in rows] == ["Ayu", "Budi", "Citra"]
    ayu, budi, citra = (figures for _, figures in rows)
    assert (ayu.views, ayu.engagements, ayu.engagement_rate) == (120_000, 10_000, D("8.3"))
    assert (ayu.cost_per_mille, ayu.cost_per_engagement, ayu.against_average) == (
        D("2500.00"),
        D("30.00"),
        D("200"),
    )
    assert (budi.engagement_rate, budi.cost_per_mille, budi.cost_per_engagement) == (
        D("6.7"),
        D("6666.67"),  # 200,000 × 1,000 / 30,000, rounded half up
        D("100.00"),
    )
    assert budi.against_average == D("75")
    assert (citra.views, citra.cost_per_mille, citra.cost_per_engagement) == (0, None, None)
    assert citra.against_average is None


def test_the_views_over_time_carry_each_videos_latest_reading(campaign):
    today = timezone.localdate()

    assert reports.views_over_time(reports.of_campaign(campaign)) == [
        (today - timedelta(days=1), 100_000),
        (today, 150_000),
    ]


def test_the_business_sees_the_report_page(client, campaign):
    login(client, campaign.member)

    response = client.get(reverse("collaborations:report", args=[campaign.pk]))

    assert response.status_code == 200
    text = response.text
    assert 'id="total-views">150,000<' in text
    assert 'id="total-fees">Rp 750,000<' in text
    assert 'id="total-cpm">Rp 5,000<' in text
    assert 'id="total-cpe">Rp 62.50<' in text
    assert 'id="total-against">150%<' in text
    assert "Rp 6,666.67" in text
    assert "<polyline" in text
    assert text.index("Ayu") < text.index("Budi") < text.index("Citra")


def test_the_csv_has_one_row_per_posted_video(client, campaign):
    login(client, campaign.member)

    response = client.get(reverse("collaborations:report_csv", args=[campaign.pk]))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["creator"] for row in rows] == ["Ayu", "Budi", "Citra"]
    ayu, budi, citra = rows
    assert ayu["fee_idr"] == "300000.00"
    assert (ayu["views"], ayu["likes"], ayu["comments"], ayu["shares"]) == (
        "120000",
        "9000",
        "600",
        "400",
    )
    assert (ayu["engagement_rate_percent"], ayu["cost_per_1000_views_idr"]) == ("8.3", "2500.00")
    assert (ayu["cost_per_engagement_idr"], ayu["views_against_average_percent"]) == (
        "30.00",
        "200",
    )
    assert ayu["figures_on"] == timezone.localdate().isoformat()
    assert budi["cost_per_1000_views_idr"] == "6666.67"
    assert (citra["views"], citra["cost_per_1000_views_idr"], citra["figures_on"]) == (
        "0",
        "",
        "",
    )


def test_the_creator_sees_the_same_for_their_own_videos(client, campaign):
    ayu = campaign.ayu.creator
    other_campaign = live_campaign()
    video_elsewhere = CollaborationFactory(
        campaign=other_campaign,
        creator=ayu,
        status=Status.SUBMITTED,
        fee=D("100000"),
        tiktok_video_id="42",
        posted_at=timezone.now(),
    )
    VideoFigures.objects.create(
        collaboration=video_elsewhere,
        day=timezone.localdate(),
        views=20_000,
        likes=100,
        comments=10,
        shares=5,
        read_at=timezone.now(),
    )
    login(client, ayu.user)

    response = client.get(reverse("collaborations:my_report"))

    assert response.status_code == 200
    assert 'id="total-views">140,000<' in response.text
    assert "Budi" not in response.text
    rows = list(
        csv.DictReader(
            io.StringIO(client.get(reverse("collaborations:my_report_csv")).content.decode())
        )
    )
    assert [row["views"] for row in rows] == ["120000", "20000"]


def test_an_empty_report_says_so(client):
    campaign = live_campaign()
    login(client, campaign.member)

    response = client.get(reverse("collaborations:report", args=[campaign.pk]))

    assert "No video has been posted for this campaign yet." in response.text


@pytest.mark.parametrize("who", ["another business", "a creator of the campaign"])
def test_nobody_else_sees_the_campaign_report(client, campaign, who):
    user = (
        BusinessMembershipFactory().user if who == "another business" else campaign.ayu.creator.user
    )
    login(client, user)

    for name in ("collaborations:report", "collaborations:report_csv"):
        assert client.get(reverse(name, args=[campaign.pk])).status_code == 404


def test_a_teammate_sees_the_report(client, campaign):
    teammate = BusinessMembershipFactory(business=campaign.business, role="member").user
    login(client, teammate)

    assert client.get(reverse("collaborations:report", args=[campaign.pk])).status_code == 200


def posted_in_bulk(campaign, count):
    """``count`` posted videos of new creators, each read on two days, in bulk."""
    users = User.objects.bulk_create(
        User(email=f"bulk{index}@example.com", role=User.Role.CREATOR) for index in range(count)
    )
    profiles = CreatorProfile.objects.bulk_create(
        CreatorProfile(user=user, display_name=f"Bulk {index}", handle=f"bulk-{index}")
        for index, user in enumerate(users)
    )
    now = timezone.now()
    collaborations = Collaboration.objects.bulk_create(
        Collaboration(
            campaign=campaign,
            creator=profile,
            started_by="business",
            status=Status.APPROVED,
            fee=D("1000"),
            due_on=campaign.ends_on,
            content_url="https://www.tiktok.com/@bulk/video/1",
            tiktok_video_id=str(index + 1),
            posted_at=now,
            creator_average_views=500,
        )
        for index, profile in enumerate(profiles)
    )
    today = timezone.localdate()
    VideoFigures.objects.bulk_create(
        VideoFigures(
            collaboration=collaboration,
            day=today - timedelta(days=days_ago),
            views=1_000 - days_ago,
            likes=10,
            comments=2,
            shares=1,
            read_at=now,
        )
        for collaboration in collaborations
        for days_ago in (0, 1)
    )


@pytest.mark.parametrize("count", [10, 1000])
def test_the_report_query_count_does_not_grow(client, django_assert_num_queries, count):
    campaign = live_campaign()
    posted_in_bulk(campaign, count)
    login(client, campaign.member)
    url = reverse("collaborations:report", args=[campaign.pk])

    # session, user, campaign, totals (videos, fees), totals (figures),
    # page, chart readings, and the count when more than a page (25)
    with django_assert_num_queries(8 if count > 25 else 7):
        response = client.get(url)

    assert f'id="total-videos">{count:,}<' in response.text
    assert f'id="total-views">{count * 1000:,}<' in response.text


@pytest.mark.parametrize("count", [10, 1000])
def test_the_creator_report_query_count_does_not_grow(client, django_assert_num_queries, count):
    first = live_campaign()
    profile = CreatorProfileFactory()
    campaigns = Campaign.objects.bulk_create(
        CampaignFactory.build(business=first.business, product_name=f"Bulk {index}")
        for index in range(count)
    )
    now = timezone.now()
    collaborations = Collaboration.objects.bulk_create(
        Collaboration(
            campaign=campaign,
            creator=profile,
            started_by="business",
            status=Status.APPROVED,
            fee=D("1000"),
            due_on=timezone.localdate(),
            content_url="https://www.tiktok.com/@bulk/video/1",
            tiktok_video_id=str(index + 1),
            posted_at=now,
        )
        for index, campaign in enumerate(campaigns)
    )
    VideoFigures.objects.bulk_create(
        VideoFigures(
            collaboration=collaboration,
            day=timezone.localdate(),
            views=700,
            likes=7,
            comments=0,
            shares=0,
            read_at=now,
        )
        for collaboration in collaborations
    )
    login(client, profile.user)

    # session, user, profile, totals (videos, fees), totals (figures), page,
    # chart readings, and the count when more than a page (25)
    with django_assert_num_queries(8 if count > 25 else 7):
        response = client.get(reverse("collaborations:my_report"))

    assert f'id="total-views">{count * 700:,}<' in response.text


def test_the_creators_average_is_kept_at_the_invitation_and_again_at_acceptance():
    from collaborations import services

    campaign = live_campaign()
    creator = CreatorProfileFactory(views_last_30_days=90_000, public_video_count=4)

    collaboration = services.invite(
        campaign=campaign, creator=creator, user=campaign.member, fee=D("100000")
    )
    assert collaboration.creator_average_views == 22_500  # 90,000 / 4

    CreatorProfile.objects.filter(pk=creator.pk).update(views_last_30_days=120_000)
    accepted = services.move(collaboration, Status.ACCEPTED, user=creator.user)
    assert accepted.creator_average_views == 30_000

    CreatorProfile.objects.filter(pk=creator.pk).update(views_last_30_days=0)
    collaboration.refresh_from_db()
    assert collaboration.creator_average_views == 30_000


def test_a_creator_without_recent_videos_has_no_average():
    from collaborations import services

    campaign = live_campaign()
    creator = CreatorProfileFactory(views_last_30_days=5_000, public_video_count=0)

    collaboration = services.invite(
        campaign=campaign, creator=creator, user=campaign.member, fee=D("100000")
    )
    assert collaboration.creator_average_views is None
