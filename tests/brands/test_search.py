"""Creator search in a campaign's context: every filter narrows the list,
sorts order it, bad input gets a message, and the query count stays flat."""

from datetime import timedelta
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from brands.models import ShortlistEntry
from creators.models import AudienceSegment, CreatorProfile, RatePackage, Region
from tests.brands.factories import (
    BusinessMembershipFactory,
    LanguageFactory,
    NicheFactory,
)
from tests.creators.factories import CreatorProfileFactory
from tests.series.helpers import without_csrf

pytestmark = pytest.mark.django_db


def search(client, campaign, **params):
    url = reverse("brands:creator_search", args=[campaign.pk])
    return client.get(f"{url}?{urlencode(params)}" if params else url)


def names(response):
    return [creator.display_name for creator in response.context["page"]]


def creator(name, **figures):
    return CreatorProfileFactory(display_name=name, **figures)


def segment(profile, kind, label, share):
    AudienceSegment.objects.create(
        profile=profile, kind=kind, label=label, share_percent=Decimal(share)
    )


def test_it_lists_every_creator_open_to_offers_and_no_one_else(client, campaign):
    creator("Portal", contact_preference=CreatorProfile.ContactPreference.PORTAL)
    creator("Email", contact_preference=CreatorProfile.ContactPreference.EMAIL)
    creator("Closed", contact_preference=CreatorProfile.ContactPreference.NONE)

    response = search(client, campaign)

    assert response.status_code == 200
    assert sorted(names(response)) == ["Email", "Portal"]
    assert "2 creators found." in response.content.decode()


def test_niche_and_language_filters(client, campaign):
    food, travel = NicheFactory(name="Street food"), NicheFactory(name="Backpacking")
    javanese, english = LanguageFactory(), LanguageFactory()
    cook = creator("Cook")
    cook.niches.add(food, travel)
    cook.languages.add(javanese)
    traveller = creator("Traveller")
    traveller.niches.add(travel)
    traveller.languages.add(javanese, english)

    assert names(search(client, campaign, niche=food.pk)) == ["Cook"]
    assert sorted(names(search(client, campaign, niche=travel.pk))) == ["Cook", "Traveller"]
    assert names(search(client, campaign, language=english.pk)) == ["Traveller"]
    assert names(search(client, campaign, niche=travel.pk, language=english.pk)) == ["Traveller"]


def test_country_and_city_filters(client, campaign):
    indonesia = Region.objects.get(code="ID")
    other = Region.objects.exclude(code="ID").first()
    creator("Surabaya", country=indonesia, city="Surabaya")
    creator("Malang", country=indonesia, city="Malang")
    creator("Abroad", country=other, city="Surabaya")

    assert sorted(names(search(client, campaign, country=indonesia.pk))) == ["Malang", "Surabaya"]
    assert sorted(names(search(client, campaign, city="surabaya"))) == ["Abroad", "Surabaya"]
    assert names(search(client, campaign, country=indonesia.pk, city="SURABAYA ")) == ["Surabaya"]


def test_province_filter_lists_creators_living_there_and_shows_the_province(client, campaign):
    indonesia = Region.objects.get(code="ID")
    creator("Surabaya", country=indonesia, province="jatim", city="Surabaya")
    creator("Bandung", country=indonesia, province="jabar", city="Bandung")
    creator("No province", country=indonesia, city="Malang")

    response = search(client, campaign, province="jatim")

    assert names(response) == ["Surabaya"]
    assert "Surabaya, Jawa Timur" in response.content.decode()
    assert sorted(names(search(client, campaign, province=""))) == [
        "Bandung",
        "No province",
        "Surabaya",
    ]


def test_audience_filters_with_a_minimum_share(client, campaign):
    local = creator("Local")
    segment(local, AudienceSegment.Kind.COUNTRY, "Indonesia", "80")
    segment(local, AudienceSegment.Kind.AGE, "18-24", "55")
    segment(local, AudienceSegment.Kind.GENDER, "Female", "70")
    mixed = creator("Mixed")
    segment(mixed, AudienceSegment.Kind.COUNTRY, "indonesia", "20")
    segment(mixed, AudienceSegment.Kind.COUNTRY, "Malaysia", "60")
    segment(mixed, AudienceSegment.Kind.AGE, "25-34", "50")
    segment(mixed, AudienceSegment.Kind.GENDER, "Male", "60")
    creator("Unknown audience")

    assert sorted(names(search(client, campaign, audience_country="Indonesia"))) == [
        "Local",
        "Mixed",
    ]
    assert names(search(client, campaign, audience_country="Indonesia", audience_min_share=50)) == [
        "Local"
    ]
    assert names(search(client, campaign, audience_age="25-34")) == ["Mixed"]
    assert names(search(client, campaign, audience_gender="female")) == ["Local"]
    assert names(search(client, campaign, audience_gender="male", audience_min_share=65)) == []


def test_follower_views_and_engagement_filters(client, campaign):
    creator("Nano", follower_count=5_000, views_last_30_days=20_000, engagement_rate=Decimal("9"))
    creator("Micro", follower_count=50_000, views_last_30_days=100_000, engagement_rate=None)
    creator("Macro", follower_count=2_000_000, views_last_30_days=900_000, engagement_rate=2)

    assert names(search(client, campaign, followers_min=10_000, followers_max=100_000)) == ["Micro"]
    assert names(search(client, campaign, followers_min=50_000)) == ["Macro", "Micro"]
    assert names(search(client, campaign, followers_max=50_000)) == ["Micro", "Nano"]
    assert names(search(client, campaign, views_min=100_000)) == ["Macro", "Micro"]
    assert names(search(client, campaign, engagement_min="2.5")) == ["Nano"]


def test_fee_range_finds_creators_with_a_package_in_it(client, campaign):
    cheap = creator("Cheap")
    RatePackage.objects.create(profile=cheap, name="1 video", price_idr=150_000)
    wide = creator("Wide")
    RatePackage.objects.create(profile=wide, name="1 video", price_idr=400_000)
    RatePackage.objects.create(profile=wide, name="3 videos", price_idr=1_000_000)
    creator("No rate card")

    assert names(search(client, campaign, fee_max=200_000)) == ["Cheap"]
    assert names(search(client, campaign, fee_min=300_000, fee_max=500_000)) == ["Wide"]
    assert names(search(client, campaign, fee_min=900_000)) == ["Wide"]
    assert "Rp 150,000" in search(client, campaign, fee_max=200_000).content.decode()


def test_sorts(client, campaign):
    old = creator("Old", follower_count=1_000, views_last_30_days=9_000, engagement_rate=3)
    creator("Big", follower_count=90_000, views_last_30_days=5_000, engagement_rate=None)
    creator("Lively", follower_count=4_000, views_last_30_days=1_000, engagement_rate=12)
    CreatorProfile.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=9))

    assert names(search(client, campaign)) == ["Big", "Lively", "Old"]
    assert names(search(client, campaign, sort="followers_asc")) == ["Old", "Lively", "Big"]
    assert names(search(client, campaign, sort="views")) == ["Old", "Big", "Lively"]
    assert names(search(client, campaign, sort="engagement")) == ["Lively", "Old", "Big"]
    assert names(search(client, campaign, sort="newest"))[-1] == "Old"


def test_the_form_keeps_its_values_and_has_labels(client, campaign):
    niche = NicheFactory(name="Street food")

    content = search(
        client, campaign, niche=niche.pk, city="Malang", followers_min=1000, sort="views"
    ).content.decode()

    assert f'<option value="{niche.pk}" selected>Street food</option>' in content
    assert 'name="city" value="Malang"' in content
    assert 'name="followers_min" value="1000"' in content
    assert '<option value="views" selected>' in content
    assert 'for="id_followers_min"' in content
    assert 'for="id_audience_country"' in content


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"followers_min": 5000, "followers_max": 100}, "must not be below “Followers from”"),
        ({"fee_min": 500000, "fee_max": 1000}, "“Fee up to” must not be below “Fee from”."),
        ({"followers_min": "many"}, "Enter a whole number."),
        ({"followers_max": 10**12}, "Ensure this value is less than or equal to"),
        ({"engagement_min": "120"}, "Ensure this value is less than or equal to 100."),
        ({"fee_min": "-5"}, "Ensure this value is greater than or equal to 0."),
        ({"niche": "food"}, "Select a valid choice."),
        ({"niche": "999999"}, "Select a valid choice."),
        ({"province": "atlantis"}, "Select a valid choice."),
        ({"sort": "random"}, "Select a valid choice."),
        ({"audience_min_share": 30}, "Choose an audience country, age or gender"),
    ],
)
def test_bad_input_gets_a_message_and_no_list(client, campaign, params, message):
    creator("Anyone")

    response = search(client, campaign, **params)

    assert response.status_code == 200
    content = response.content.decode()
    assert message in content
    assert "Some filters are not valid" in content
    assert response.context["page"] is None


def test_a_bad_page_number_shows_a_page(client, campaign):
    creator("Anyone")

    assert names(search(client, campaign, page="last")) == ["Anyone"]
    assert names(search(client, campaign, page=999)) == ["Anyone"]


def test_another_business_gets_404(client, campaign):
    client.force_login(BusinessMembershipFactory().user)

    assert search(client, campaign).status_code == 404


def test_it_rejects_post(client, campaign):
    assert client.post(reverse("brands:creator_search", args=[campaign.pk])).status_code == 405


def test_results_can_be_shortlisted_and_invited(client, campaign, member):
    kept = creator("Kept")
    other = creator("Other")
    ShortlistEntry.objects.create(campaign=campaign, creator=kept, added_by=member.user)

    content = search(client, campaign).content.decode()

    assert reverse("brands:shortlist_remove", args=[campaign.pk, kept.pk]) in content
    assert reverse("brands:shortlist_add", args=[campaign.pk, other.pk]) in content
    assert reverse("collaborations:invite", args=[campaign.pk, other.pk]) in content


def test_an_empty_result_says_so(client, campaign):
    creator("Small", follower_count=10)

    content = search(client, campaign, followers_min=1_000_000).content.decode()

    assert "No creator matches these filters." in content


@pytest.mark.parametrize("count", [5, 50])
def test_query_count_does_not_grow_with_the_creators(
    client, campaign, member, count, django_assert_num_queries
):
    niche, language = NicheFactory(), LanguageFactory()
    indonesia = Region.objects.get(code="ID")
    for number in range(count):
        profile = creator(
            f"Creator {number}",
            follower_count=1_000 + number,
            views_last_30_days=5_000,
            engagement_rate=Decimal("4.5"),
            country=indonesia,
            province="jatim",
            city="Malang",
        )
        profile.niches.add(niche)
        profile.languages.add(language)
        segment(profile, AudienceSegment.Kind.COUNTRY, "Indonesia", "70")
        RatePackage.objects.create(profile=profile, name="1 video", price_idr=200_000)
        if number % 2:
            ShortlistEntry.objects.create(campaign=campaign, creator=profile)
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
    assert len(response.context["page"]) == min(count, 20)
    # Then the campaign, the choices, the cards and the estimate are kept; the
    # rows are read once more, to be kept under the versions of the creators
    # they show (brands.page_reads).
    with django_assert_num_queries(3):
        again = search(client, campaign, **every_filter)
    # From then on the session and the user only: nothing else is read.
    with django_assert_num_queries(2):
        warm = search(client, campaign, **every_filter)
    assert len(warm.context["page"]) == min(count, 20)
    assert without_csrf(warm.content.decode()) == without_csrf(again.content.decode())
    # Other filters: their rows (and on PostgreSQL their estimate) are read.
    with django_assert_num_queries(3 + (connection.vendor == "postgresql")):
        search(client, campaign)


def test_the_next_page_link_keeps_the_filters(client, campaign):
    for number in range(25):
        creator(f"Micro {number:02}", follower_count=50_000 + number)
    creator("Nano", follower_count=500)

    first = search(client, campaign, followers_min=10_000)
    assert 'href="?followers_min=10000&amp;page=2"' in first.content.decode()

    second = search(client, campaign, followers_min=10_000, page=2)
    assert len(names(second)) == 5
    assert "Nano" not in names(second)
