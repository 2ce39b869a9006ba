"""Creator search past a thousand creators: it never counts them all, says
honestly how many it found, keeps its query count, and pages on with the
filters kept."""

import re
from decimal import Decimal
from io import StringIO
from types import SimpleNamespace
from urllib.parse import urlencode

import pytest
from django.core.management import call_command
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from brands.search_pages import EXACT_COUNT_UP_TO, SearchPaginator, about
from brands.selectors import search_creators
from core.models import User
from creators.models import AudienceSegment, CreatorProfile, RatePackage, Region
from tests.brands.factories import LanguageFactory, NicheFactory
from tests.conftest import require

pytestmark = pytest.mark.django_db

MANY = 1_500  # above EXACT_COUNT_UP_TO


def search(client, campaign, **params):
    url = reverse("brands:creator_search", args=[campaign.pk])
    return client.get(f"{url}?{urlencode(params)}" if params else url)


def names(response):
    return [creator.display_name for creator in response.context["page"]]


def status(response):
    return re.search(r'<p role="status">([^<]*)</p>', response.content.decode()).group(1)


def bulk_creators(count, *, follower_count=1_000, **fields):
    """``count`` creators open to offers, inserted in a few queries, each with
    ``follower_count`` plus its number of followers."""
    start = CreatorProfile.objects.count()
    users = User.objects.bulk_create(
        User(email=f"bulk-{start + number}@example.com", role=User.Role.CREATOR)
        for number in range(count)
    )
    return CreatorProfile.objects.bulk_create(
        CreatorProfile(
            user=user,
            display_name=f"Bulk {start + number:05}",
            handle=f"bulk-{start + number}",
            follower_count=follower_count + number,
            **fields,
        )
        for number, user in enumerate(users)
    )


def analyze():
    """Let PostgreSQL's planner see the rows just inserted."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def test_round_numbers_for_about():
    assert about(99_874) == 100_000
    assert about(1_234) == 1_200
    assert about(1_501) == 1_500
    assert about(87) == 87


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "About 100,000 creators found."), ("id", "100.000")],
)
def test_an_estimate_reads_about_so_many_in_each_language(language, expected):
    found = SimpleNamespace(exact=False, about=100_000, exact_up_to=1_000)

    with translation.override(language):
        content = render_to_string("brands/includes/search_found.html", {"paginator": found})

    assert expected in content


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "More than 1,000 creators found."), ("id", "1.000")],
)
def test_without_an_estimate_it_reads_more_than_the_threshold(language, expected):
    found = SimpleNamespace(exact=False, about=None, exact_up_to=1_000)

    with translation.override(language):
        content = render_to_string("brands/includes/search_found.html", {"paginator": found})

    assert expected in content


def test_up_to_the_threshold_the_count_is_exact(client, campaign):
    bulk_creators(EXACT_COUNT_UP_TO)

    response = search(client, campaign)

    assert status(response) == "1,000 creators found."
    assert "Page 1 of 50" in response.content.decode()


def test_above_the_threshold_it_does_not_claim_an_exact_count(client, campaign):
    bulk_creators(MANY)
    analyze()

    response = search(client, campaign)

    paginator = response.context["page"].paginator
    assert paginator.count == EXACT_COUNT_UP_TO + 1  # it stopped counting there
    if connection.vendor == "postgresql":
        assert re.fullmatch(r"About [\d,]+ creators found\.", status(response))
    else:
        assert status(response) == "More than 1,000 creators found."
    assert " of " not in response.content.decode().split('aria-label="Pages"')[1]


def test_a_filter_narrowing_many_creators_gets_an_exact_count(client, campaign):
    bulk_creators(MANY)
    bulk_creators(3, follower_count=5_000_000)

    response = search(client, campaign, followers_min=1_000_000)

    assert status(response) == "3 creators found."
    assert len(names(response)) == 3


def test_pages_past_the_threshold_go_on_with_next_and_keep_the_filters(client, campaign):
    bulk_creators(1_100, follower_count=20_000)
    bulk_creators(5, follower_count=10)

    first = search(client, campaign, followers_min=10_000)
    assert 'href="?followers_min=10000&amp;page=2"' in first.content.decode()
    assert "Page 1</span>" in first.content.decode()

    last = search(client, campaign, followers_min=10_000, page=55)
    content = last.content.decode()
    assert len(names(last)) == 20
    assert 'href="?followers_min=10000&amp;page=54"' in content
    assert "page=56" not in content
    assert names(last)[-1] == "Bulk 00000"  # the fewest followers, all 10k or more

    past_the_end = search(client, campaign, followers_min=10_000, page=56)
    assert names(past_the_end) == names(first)
    assert names(search(client, campaign, followers_min=10_000, page="x")) == names(first)


@pytest.mark.parametrize("count", [30, MANY])
def test_query_count_is_the_same_below_and_above_the_threshold(
    client, campaign, count, django_assert_num_queries
):
    niche, language = NicheFactory(), LanguageFactory()
    indonesia = Region.objects.get(code="ID")
    profiles = bulk_creators(
        count,
        views_last_30_days=5_000,
        engagement_rate=Decimal("4.5"),
        country=indonesia,
        province="jatim",
        city="Malang",
    )
    CreatorProfile.niches.through.objects.bulk_create(
        CreatorProfile.niches.through(creatorprofile=profile, niche=niche) for profile in profiles
    )
    CreatorProfile.languages.through.objects.bulk_create(
        CreatorProfile.languages.through(creatorprofile=profile, language=language)
        for profile in profiles
    )
    AudienceSegment.objects.bulk_create(
        AudienceSegment(
            profile=profile,
            kind=AudienceSegment.Kind.COUNTRY,
            label="Indonesia",
            share_percent=70,
        )
        for profile in profiles
    )
    RatePackage.objects.bulk_create(
        RatePackage(profile=profile, name="1 video", price_idr=200_000) for profile in profiles
    )
    analyze()
    every_filter = {
        "niche": niche.pk,
        "language": language.pk,
        "country": indonesia.pk,
        "province": "jatim",
        "city": "malang",
        "audience_country": "Indonesia",
        "audience_min_share": 50,
        "followers_min": 500,
        "followers_max": 100_000,
        "views_min": 1_000,
        "engagement_min": 1,
        "fee_min": 100_000,
        "fee_max": 300_000,
        "sort": "engagement",
    }
    # session, user, campaign, niches, languages and regions (form choices, one
    # query), the page of creators with the capped count, collaborations and
    # shortlist (subqueries), on PostgreSQL the planner's estimate, their niches
    queries = 6 + (connection.vendor == "postgresql")

    with django_assert_num_queries(queries):
        response = search(client, campaign, **every_filter)
    assert len(names(response)) == 20
    # Another page: its rows, their niches (new cards) and on PostgreSQL the
    # estimate of its filters are read; the campaign and the choices are kept.
    with django_assert_num_queries(queries - 2):
        search(client, campaign, page=2)
    # Its rows once more, to be kept under their creators' versions; then the
    # session and the user only (brands.page_reads).
    with django_assert_num_queries(3):
        search(client, campaign, page=2)
    with django_assert_num_queries(2):
        assert len(names(search(client, campaign, page=2))) == min(count - 20, 20)


def test_an_estimate_below_what_was_counted_is_not_shown(client, campaign, monkeypatch):
    bulk_creators(MANY)
    monkeypatch.setattr("brands.search_pages.planner_estimate", lambda queryset: 40)

    response = search(client, campaign)

    assert status(response) == "More than 1,000 creators found."


def test_no_query_counts_every_creator(client, campaign):
    bulk_creators(MANY)

    with CaptureQueriesContext(connection) as captured:
        search(client, campaign)

    counts = [query["sql"] for query in captured if "COUNT(" in query["sql"].upper()]
    assert counts
    assert all(f"LIMIT {EXACT_COUNT_UP_TO + 1}" in sql for sql in counts)


def test_on_postgresql_the_planner_estimate_is_used_above_the_threshold(client, campaign):
    require(connection.vendor == "postgresql", "PostgreSQL")
    bulk_creators(MANY)
    analyze()

    with CaptureQueriesContext(connection) as captured:
        response = search(client, campaign)

    assert any(query["sql"].startswith("EXPLAIN (FORMAT JSON)") for query in captured)
    paginator = response.context["page"].paginator
    assert 1_000 <= paginator.about <= 2_000
    assert status(response) == f"About {paginator.about:,} creators found."
    # the selector's own paginator agrees without a request
    assert SearchPaginator(search_creators(), 20).about == paginator.about


def test_on_postgresql_the_same_search_reuses_its_estimate(client, campaign):
    require(connection.vendor == "postgresql", "PostgreSQL")
    bulk_creators(MANY)
    analyze()
    first = search(client, campaign, followers_min=10).context["page"].paginator.about

    with CaptureQueriesContext(connection) as captured:
        response = search(client, campaign, followers_min=10, page=2)

    assert not any(query["sql"].startswith("EXPLAIN") for query in captured)
    assert response.context["page"].paginator.about == first


def test_the_search_bench_prints_every_search_and_leaves_the_database_as_it_was():
    bulk_creators(30)
    before = CreatorProfile.objects.count(), User.objects.count()
    out = StringIO()

    call_command("bench_search", runs=1, stdout=out)

    lines = out.getvalue().splitlines()
    assert lines[0].startswith("30 creators on ")
    assert any(line.startswith("everyone, most followers") and " 30 " in line for line in lines)
    assert any(line.startswith("every filter at once") for line in lines)
    assert (CreatorProfile.objects.count(), User.objects.count()) == before
