"""Admin lists kept under versions (core.admin_site.kept): with the cache
unreachable, or without versions shared by every process, they are read on
every request and stay current; kept reads are per language."""

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from brands import services as brand_services
from creators.models.places import Region
from tests.brands.factories import BusinessMembershipFactory, CampaignFactory, give_credit
from tests.creators.factories import CreatorProfileFactory
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db
CAMPAIGNS = reverse("admin:brands_campaign_changelist")
CREATORS = reverse("admin:creators_creatorprofile_changelist")


@pytest.fixture
def staff(client):
    user = StaffFactory()
    client.force_login(user)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    return user


def rows(response):
    return response.text.split("<tbody>")[1].split("</tbody>")[0]


def launched_campaign():
    membership = BusinessMembershipFactory()
    give_credit(membership.business, "2000000.00")
    campaign = CampaignFactory(business=membership.business)
    brand_services.launch_campaign(campaign=campaign, user=membership.user)
    return campaign


def test_with_the_cache_down_the_list_is_read_every_time_and_current(
    client, staff, cache_down, django_assert_num_queries
):
    campaign = launched_campaign()
    client.get(CAMPAIGNS)

    with django_assert_num_queries(4):  # the session, the user, the rows, the cities
        assert "In review" in rows(client.get(CAMPAIGNS))
    brand_services.approve_campaign(campaign=campaign, staff=staff)

    assert "Live" in rows(client.get(CAMPAIGNS))


def test_without_versions_shared_by_every_process_nothing_is_kept(
    client, staff, settings, django_assert_num_queries
):
    settings.SHARED_VERSIONS = False
    campaign = launched_campaign()
    client.get(CAMPAIGNS)

    with django_assert_num_queries(4):
        client.get(CAMPAIGNS)
    brand_services.approve_campaign(campaign=campaign, staff=staff)

    assert "Live" in rows(client.get(CAMPAIGNS))


def test_rows_sorted_by_a_name_are_kept_apart_per_language(client, staff):
    # Regions named so that the two languages sort them the other way round.
    first = Region.objects.create(code="XA", name="Aland", name_id="Zamrud", minimum_age=18)
    second = Region.objects.create(code="XB", name="Zealand", name_id="Andalas", minimum_age=18)
    CreatorProfileFactory(display_name="Ani", country=first)
    CreatorProfileFactory(display_name="Budi", country=second)
    by_region = {"o": "4"}  # the country column (the checkbox is column 0)

    english = rows(client.get(CREATORS, by_region))
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "id"
    indonesian = rows(client.get(CREATORS, by_region))

    assert english.index("Aland") < english.index("Zealand")
    assert indonesian.index("Andalas") < indonesian.index("Zamrud")


def test_the_kept_city_filter_offers_what_djangos_does(client, staff, settings):
    for city in ("Malang", "Surabaya", "Malang", ""):
        CampaignFactory(business__city=city)

    def city_filter():
        html = client.get(CAMPAIGNS).text
        start = html.index('data-filter-title="city"')
        return html[start : html.index("</details>", start)]

    kept = city_filter()
    settings.SHARED_VERSIONS = False  # Django's own AllValuesFieldListFilter
    assert city_filter() == kept
    assert kept.count(">Malang</a>") == 1 and ">Surabaya</a>" in kept


def test_a_named_filter_on_an_admin_naming_no_versions_reads_its_choices(rf):
    from django.contrib.admin import ModelAdmin, site

    from creators.admin.filters import NamedChoicesFilter
    from creators.models import CreatorProfile

    field = CreatorProfile._meta.get_field("country")
    request = rf.get("/")
    plain = ModelAdmin(CreatorProfile, site)

    spec = NamedChoicesFilter(field, request, {}, CreatorProfile, plain, "country")

    assert spec.lookup_choices == Region.objects.choices()
    assert spec.lookup_choices
