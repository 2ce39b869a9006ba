"""The matches page: a campaign's stored matches with their reasons, filters
and sorts, the run's progress, and the status the page polls."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from brands.models import Campaign, CampaignMatch, MatchRun, ShortlistEntry
from collaborations.models import Collaboration
from creators.models import CreatorProfile
from matching import runs
from matching.columns import tier_for
from matching.explain import PART_LABELS
from tests.brands.factories import BusinessMembershipFactory, CampaignFactory, NicheFactory
from tests.collaborations.factories import CollaborationFactory
from tests.creators.factories import CreatorProfileFactory, EligibleCreatorFactory
from tests.factories import DEFAULT_PASSWORD
from tests.series.helpers import without_csrf

pytestmark = pytest.mark.django_db
COMPUTED = datetime(2024, 5, 1, 3, 0, tzinfo=UTC)  # 10:00 in Jakarta


def matches_url(campaign, **params):
    url = reverse("brands:campaign_matches", args=[campaign.pk])
    if params:
        url += "?" + "&".join(f"{name}={value}" for name, value in params.items())
    return url


def status_url(campaign):
    return reverse("brands:campaign_match_status", args=[campaign.pk])


def stored_parts(followers):
    """Parts in the form the matcher stores them."""
    return [
        {"part": "niche", "score": 1.0, "values": {"shared": 1, "wanted": 1}},
        {
            "part": "place_and_language",
            "score": 0.9,
            "values": {"spoken": 0, "wanted": 0, "indonesian_share": 80.0},
        },
        {
            "part": "audience_size",
            "score": 1.0,
            "values": {"followers": followers, "smallest": None, "largest": None},
        },
        {"part": "performance", "score": 0.5, "values": {"engagement": 4.0, "views": 5000}},
        {"part": "fee", "score": 0.5, "values": {"cheapest": None, "fee_per_creator": 250000}},
        {"part": "reliability", "score": 0.5, "values": {}},
    ]


def store_match(campaign, *, rank, score=70, followers=5_000, creator=None, computed_at=COMPUTED):
    creator = creator or CreatorProfileFactory(follower_count=followers)
    return CampaignMatch.objects.create(
        campaign=campaign,
        creator=creator,
        score=score,
        parts=stored_parts(followers),
        tier=tier_for(followers),
        followers=followers,
        rank=rank,
        computed_at=computed_at,
    )


def finished_run(campaign, status=MatchRun.Status.DONE):
    return MatchRun.objects.create(
        campaign=campaign, status=status, queued_at=COMPUTED, finished_at=COMPUTED
    )


def listed_names(response):
    """Creators' names in the order the page lists them."""
    return [match.creator.display_name for match in response.context["page"]]


def test_owner_sees_what_the_matcher_stored_with_reasons(client, campaign):
    creator = EligibleCreatorFactory(display_name="Sari Kuliner", engagement_rate=Decimal("6.5"))
    runs.match_campaign(campaign_id=campaign.pk)
    match = CampaignMatch.objects.get(campaign=campaign, creator=creator)

    response = client.get(matches_url(campaign))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Sari Kuliner" in content
    assert reverse("creators:media_kit", args=[creator.handle]) in content
    assert f"{match.score}</span>" in content
    for part in match.parts:
        assert str(PART_LABELS[part["part"]]) in content
    assert "6.5% engagement and 150,000 views in the last 30 days." in content


def test_it_shows_when_the_matches_were_computed_in_jakarta_time(client, campaign):
    finished_run(campaign)
    store_match(campaign, rank=1)

    response = client.get(matches_url(campaign))

    assert "Computed 1 May 2024, 10:00 WIB." in response.content.decode()


def test_another_business_gets_404_for_matches_and_status(client, campaign):
    store_match(campaign, rank=1)
    client.force_login(BusinessMembershipFactory().user)

    assert client.get(matches_url(campaign)).status_code == 404
    assert client.get(status_url(campaign)).status_code == 404


def test_a_teammate_sees_the_matches(client, campaign):
    store_match(campaign, rank=1, creator=CreatorProfileFactory(display_name="Budi Vlog"))
    teammate = BusinessMembershipFactory(business=campaign.business, role="member")
    client.force_login(teammate.user)

    assert "Budi Vlog" in client.get(matches_url(campaign)).content.decode()


def test_a_creator_account_is_sent_to_its_own_dashboard(client, campaign):
    client.force_login(CreatorProfileFactory().user)

    assert client.get(matches_url(campaign)).status_code == 302


def test_it_rejects_post(client, campaign):
    assert client.post(matches_url(campaign)).status_code == 405
    assert client.post(status_url(campaign)).status_code == 405


def test_it_lists_in_the_matchers_mixed_order_by_default(client, campaign):
    store_match(
        campaign,
        rank=2,
        score=90,
        followers=2_000_000,
        creator=CreatorProfileFactory(display_name="Big"),
    )
    store_match(
        campaign,
        rank=1,
        score=80,
        followers=3_000,
        creator=CreatorProfileFactory(display_name="Small"),
    )
    store_match(
        campaign,
        rank=3,
        score=60,
        followers=50_000,
        creator=CreatorProfileFactory(display_name="Mid"),
    )

    assert listed_names(client.get(matches_url(campaign))) == ["Small", "Big", "Mid"]
    assert listed_names(client.get(matches_url(campaign, sort="score"))) == ["Big", "Small", "Mid"]
    assert listed_names(client.get(matches_url(campaign, sort="followers"))) == [
        "Big",
        "Mid",
        "Small",
    ]


def test_filters_narrow_the_list(client, campaign):
    food = NicheFactory(name="Food")
    foodie = CreatorProfileFactory(display_name="Foodie")
    foodie.niches.add(food)
    store_match(campaign, rank=1, score=90, followers=3_000, creator=foodie)
    store_match(
        campaign,
        rank=2,
        score=50,
        followers=3_000,
        creator=CreatorProfileFactory(display_name="Nano"),
    )
    store_match(
        campaign,
        rank=3,
        score=75,
        followers=50_000,
        creator=CreatorProfileFactory(display_name="Micro"),
    )

    assert listed_names(client.get(matches_url(campaign, tier="nano"))) == ["Foodie", "Nano"]
    assert listed_names(client.get(matches_url(campaign, min_score=70))) == ["Foodie", "Micro"]
    assert listed_names(client.get(matches_url(campaign, niche=food.pk))) == ["Foodie"]
    response = client.get(matches_url(campaign, tier="macro"))
    assert "No matches pass these filters." in response.content.decode()


def test_the_filter_form_keeps_its_values(client, campaign):
    store_match(campaign, rank=1)

    content = client.get(matches_url(campaign, min_score=40, sort="score")).content.decode()

    assert 'name="min_score" value="40"' in content
    assert '<option value="score" selected>' in content


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"min_score": "lots"}, "Enter a whole number."),
        ({"min_score": "101"}, "Ensure this value is less than or equal to 100."),
        ({"tier": "giant"}, "Select a valid choice."),
        ({"sort": "random"}, "Select a valid choice."),
    ],
)
def test_bad_filters_get_a_message_not_an_error(client, campaign, params, message):
    store_match(campaign, rank=1)

    response = client.get(matches_url(campaign, **params))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert list(response.context["page"]) == []


def test_each_match_offers_an_invitation_or_shows_the_collaboration(client, campaign):
    invited = store_match(campaign, rank=1).creator
    other = store_match(campaign, rank=2).creator
    CollaborationFactory(campaign=campaign, creator=invited, status=Collaboration.Status.INVITED)

    content = client.get(matches_url(campaign)).content.decode()

    assert "Collaboration: Invited" in content
    assert reverse("collaborations:invite", args=[campaign.pk, other.pk]) in content
    assert reverse("collaborations:invite", args=[campaign.pk, invited.pk]) not in content


def test_each_match_can_be_shortlisted_or_removed(client, campaign, member):
    kept = store_match(campaign, rank=1).creator
    other = store_match(campaign, rank=2).creator
    ShortlistEntry.objects.create(campaign=campaign, creator=kept, added_by=member.user)

    content = client.get(matches_url(campaign)).content.decode()

    assert reverse("brands:shortlist_remove", args=[campaign.pk, kept.pk]) in content
    assert reverse("brands:shortlist_add", args=[campaign.pk, other.pk]) in content


def test_before_any_run_it_says_matches_come_once_live(client, campaign):
    response = client.get(matches_url(campaign))

    assert "No matches yet." in response.content.decode()


def test_a_run_in_progress_is_announced_and_polled(client, campaign):
    MatchRun.objects.create(campaign=campaign, status=MatchRun.Status.RUNNING)

    content = client.get(matches_url(campaign)).content.decode()

    assert 'role="status"' in content
    assert 'data-in-progress="true"' in content
    assert "Finding matches: scoring creators now…" in content
    assert "js/match-progress.js" in content
    assert "<script>" not in content


def test_a_finished_run_without_matches_says_nothing_fitted(client, campaign):
    finished_run(campaign)

    content = client.get(matches_url(campaign)).content.decode()

    assert "No creator fits this campaign yet." in content
    assert 'data-in-progress="false"' in content


@pytest.mark.parametrize(
    ("status", "in_progress", "message"),
    [
        (MatchRun.Status.QUEUED, True, "Finding matches: waiting for a worker…"),
        (MatchRun.Status.RUNNING, True, "Finding matches: scoring creators now…"),
        (MatchRun.Status.DONE, False, "Matching finished."),
        (
            MatchRun.Status.FAILED,
            False,
            "Matching did not finish. It runs again at the next refresh.",
        ),
    ],
)
def test_the_status_endpoint_follows_the_run(client, campaign, status, in_progress, message):
    MatchRun.objects.create(campaign=campaign, status=status)

    response = client.get(status_url(campaign))

    assert response.json() == {"status": status, "in_progress": in_progress, "message": message}


def test_the_status_endpoint_before_any_run(client, campaign):
    assert client.get(status_url(campaign)).json() == {
        "status": None,
        "in_progress": False,
        "message": "",
    }


def test_the_status_endpoint_sees_a_run_finish(client, campaign):
    EligibleCreatorFactory()
    MatchRun.objects.create(campaign=campaign, status=MatchRun.Status.QUEUED)
    assert client.get(status_url(campaign)).json()["in_progress"] is True

    runs.match_campaign(campaign_id=campaign.pk)

    assert client.get(status_url(campaign)).json()["status"] == "done"
    assert len(client.get(matches_url(campaign)).context["page"]) == 1


@pytest.mark.parametrize("count", [5, 50])
def test_query_count_does_not_grow_with_the_matches(
    client, campaign, member, count, django_assert_num_queries
):
    finished_run(campaign)
    niche = NicheFactory()
    for rank in range(1, count + 1):
        match = store_match(campaign, rank=rank, followers=1_000 * rank)
        match.creator.niches.add(niche)
        if rank % 2:
            ShortlistEntry.objects.create(campaign=campaign, creator=match.creator)
        if rank % 3 == 0:
            CollaborationFactory(
                campaign=campaign, creator=match.creator, status=Collaboration.Status.INVITED
            )

    # session, user, campaign with its run and when its matches were computed,
    # niches for the filter, the page of matches with their creators, their
    # count (a window), collaborations and shortlist (subqueries), their niches
    with django_assert_num_queries(6):
        response = client.get(matches_url(campaign, sort="score", min_score=0))
    assert len(response.context["page"]) == min(count, 20)
    # Then the campaign and the choices are kept; the rows are read once more,
    # to be kept under the versions of the creators they show (brands.page_reads).
    with django_assert_num_queries(3):
        again = client.get(matches_url(campaign, sort="score", min_score=0))
    assert len(again.context["page"]) == min(count, 20)
    # From then on the session and the user only: nothing else is read.
    with django_assert_num_queries(2):
        warm = client.get(matches_url(campaign, sort="score", min_score=0))
    assert len(warm.context["page"]) == min(count, 20)
    assert without_csrf(warm.content.decode()) == without_csrf(again.content.decode())


def test_stale_matches_stay_listed_while_a_new_run_goes(client, campaign):
    store_match(campaign, rank=1, creator=CreatorProfileFactory(display_name="Still Here"))
    MatchRun.objects.create(
        campaign=campaign, status=MatchRun.Status.QUEUED, queued_at=timezone.now()
    )

    content = client.get(matches_url(campaign)).content.decode()

    assert "Still Here" in content
    assert "Finding matches: waiting for a worker…" in content


def test_the_campaign_page_links_to_matches_search_shortlist_and_collaborations(client, campaign):
    content = client.get(reverse("brands:campaign_detail", args=[campaign.pk])).content.decode()

    assert matches_url(campaign) in content
    assert reverse("brands:creator_search", args=[campaign.pk]) in content
    assert reverse("brands:shortlist", args=[campaign.pk]) in content
    assert reverse("collaborations:campaign", args=[campaign.pk]) in content


def test_a_creator_no_longer_open_to_offers_is_not_offered_an_invitation(client, campaign):
    creator = store_match(campaign, rank=1).creator
    CreatorProfile.objects.filter(pk=creator.pk).update(
        contact_preference=CreatorProfile.ContactPreference.NONE
    )

    content = client.get(matches_url(campaign)).content.decode()

    assert "Not open to offers now" in content
    assert reverse("collaborations:invite", args=[campaign.pk, creator.pk]) not in content


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_in_a_browser_the_list_appears_when_the_run_finishes_without_reloading(
    phone_page, axe_violations
):
    page = phone_page
    member = BusinessMembershipFactory()
    campaign = CampaignFactory(business=member.business, status=Campaign.Status.LIVE)
    EligibleCreatorFactory(display_name="Sari Kuliner")
    MatchRun.objects.create(
        campaign=campaign, status=MatchRun.Status.QUEUED, queued_at=timezone.now()
    )
    page.goto(reverse("account_login"))
    page.get_by_label("Email").fill(member.user.email)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign In").click()

    page.goto(matches_url(campaign))
    status = page.get_by_role("status").filter(has_text="Finding matches")
    expect(status).to_have_text("Finding matches: waiting for a worker…")
    expect(page.get_by_text("We are scoring creators for this campaign.")).to_be_visible()
    assert axe_violations(page) == []
    page.evaluate("window.notReloaded = true")

    runs.match_campaign(campaign_id=campaign.pk)

    expect(page.get_by_role("link", name="Sari Kuliner", exact=True)).to_be_visible(timeout=15_000)
    expect(page.get_by_role("status").filter(has_text="Matching")).to_have_text(
        "Matching finished."
    )
    assert page.evaluate("window.notReloaded") is True
    assert axe_violations(page) == []

    page.get_by_role("button", name="Add Sari Kuliner to the shortlist").click()
    expect(page.get_by_text("Sari Kuliner is on the shortlist.")).to_be_visible()
    page.get_by_role("link", name="Search creators").first.click()
    page.get_by_label("Followers from").fill("5000")
    page.get_by_label("Followers up to").fill("100")
    page.get_by_role("button", name="Search").click()
    expect(
        page.get_by_text("“Followers up to” must not be below “Followers from”.")
    ).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("Followers up to").fill("50000")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text("1 creator found.")).to_be_visible()

    page.get_by_role("link", name="Shortlist", exact=True).click()
    expect(page.get_by_role("link", name="Invite Sari Kuliner")).to_be_visible()
    assert axe_violations(page) == []
