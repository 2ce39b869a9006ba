"""The staff admin's lists at any size: the same queries for 3 rows or 30, rows
from the fragments cache that show a change at once, the cached sidebar per
person and page, and the creators' count estimated above a threshold."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.conf import settings as django_settings
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from brands import services as brand_services
from brands.models import Campaign
from core import pagination
from core.admin_site import changelist
from creators import services as creator_services
from creators.models import CreatorProfile
from creators.models.applications import ProgrammeApplication
from creators.models.places import Region
from earnings import services as earning_services
from reconciliation import services as reconciliation_services
from reconciliation.models import Difference, Run
from series.models import Submission
from tests.brands.factories import BusinessMembershipFactory, CampaignFactory, give_credit
from tests.creators.factories import ApplicationFactory, CreatorProfileFactory
from tests.earnings.factories import at, first_of, ready_for_payouts, sell
from tests.factories import StaffFactory, UserFactory
from tests.series.factories import EpisodeFactory, SeriesFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    """A superuser, signed in (two-factor authentication is off in tests)."""
    client.force_login(user := StaffFactory())
    return user


def campaigns(count):
    CampaignFactory.create_batch(count)


def creators(count):
    CreatorProfileFactory.create_batch(count)


def applications(count):
    ApplicationFactory.create_batch(count)


def submissions(count):
    for _ in range(count):
        series = SeriesFactory()
        EpisodeFactory(series=series)
        Submission.objects.create(
            series=series,
            kind=Submission.Kind.PUBLICATION,
            submitted_by=series.creator.user,
            submitted_at=timezone.now(),
        )


def payouts(count):
    for _ in range(count):
        creator = CreatorProfileFactory()
        ready_for_payouts(creator)
        sell(creator, "900000.00", when=at(2025, 3, 10))
        earning_services.make_statements(creator_id=creator.pk, month=first_of(2025, 3))


def a_run(day, *, differences=0):
    run = Run.objects.create(
        day=day,
        provider="xendit",
        outcome=Run.Outcome.DIFFERENCES if differences else Run.Outcome.CLEAN,
        started_at=timezone.now(),
        seconds=Decimal("1.5"),
    )
    for number in range(differences):
        Difference.objects.create(
            run=run,
            kind=Difference.Kind.PAID_NOT_AT_GATEWAY,
            reference=f"ref-{run.pk}-{number}",
            ours="Rp 10.000",
        )
    return run


def runs(count):
    for number in range(count):
        a_run(date(2026, 1, 1) + timedelta(days=number), differences=1)


def differences(count):
    a_run(date(2026, 1, 1), differences=count)


# (list, rows made by, small and larger size, queries when warm, queries once
# rows were added). Warm: the session, the user and the list's own reads, none
# for a list kept under versions (core.admin_site.kept: applications, campaigns,
# creators). Rows added: the list read again (a kept one moved on by the new
# rows' saves), and the new rows loaded, in one query, to be rendered. The same
# numbers at both sizes: nothing is asked per row. Both sizes fit on the first
# page, which is read one row past its size and so needs no count (nor, for
# creators on PostgreSQL, the planner's estimate), and whose dates make the date
# drill-down.
LISTS = [
    # The rows (their names' choices are kept under the names' version).
    ("admin:creators_programmeapplication_changelist", applications, (3, 30), 2, 4),
    # The rows and the businesses' cities.
    ("admin:brands_campaign_changelist", campaigns, (3, 30), 2, 5),
    ("admin:creators_creatorprofile_changelist", creators, (3, 30), 2, 4),
    ("admin:series_submission_changelist", submissions, (3, 30), 3, 4),
    ("admin:earnings_payout_changelist", payouts, (2, 6), 4, 5),
    ("admin:reconciliation_run_changelist", runs, (3, 30), 4, 5),
    ("admin:reconciliation_difference_changelist", differences, (3, 30), 4, 5),
]


@pytest.mark.parametrize(("name", "make", "sizes", "warm", "changed"), LISTS)
def test_a_list_takes_the_same_queries_at_any_size(
    client, staff, django_assert_num_queries, name, make, sizes, warm, changed
):
    small, larger = sizes
    url = reverse(name)
    make(small)
    client.get(url)  # content types and the like, cached once per process

    with django_assert_num_queries(warm):
        assert client.get(url).status_code == 200
    make(larger - small)
    with django_assert_num_queries(changed):
        client.get(url)
    with django_assert_num_queries(warm):
        response = client.get(url)

    assert len(response.context["cl"].result_list) >= min(larger, 6)


def test_a_list_longer_than_its_first_page_is_counted_and_paged(
    client, staff, monkeypatch, django_assert_num_queries
):
    from django.core.cache import caches

    monkeypatch.setattr(admin.site.get_model_admin(Campaign), "list_per_page", 2)
    CampaignFactory.create_batch(3)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("admin:brands_campaign_changelist")
    client.get(url)
    caches["fragments"].clear()  # as in a process that never showed the list

    # The session, the user, the rows, their count, the cities, the rows loaded.
    with django_assert_num_queries(6):
        first = client.get(url)
    with django_assert_num_queries(2):  # all kept until a campaign or business changes
        again = client.get(url)
    assert again.text.split("<tbody>")[1] == first.text.split("<tbody>")[1]
    second = client.get(url, {"p": "2"})

    assert first.text.count('class="action-select"') == 2
    assert "3 campaigns" in first.text
    assert 'href="?p=2"' in first.text
    assert second.text.count('class="action-select"') == 1
    assert client.get(url, {"p": "3"}).status_code == 302  # past the last page, as Django
    listed = {*first.context["cl"].result_list, *second.context["cl"].result_list}
    assert listed == set(Campaign.objects.all())


def test_a_list_on_one_page_is_counted_by_its_rows(client, staff):
    CampaignFactory.create_batch(3)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.get(reverse("admin:brands_campaign_changelist"))

    assert "3 campaigns" in response.text
    assert response.context["cl"].multi_page is False


# --- Rows from the cache show a change at once --------------------------------


def row_of(response, obj):
    """The HTML of ``obj``'s row, found by its link to the object."""
    opts = obj._meta
    link = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    html = response.text
    at = html.index(f'href="{link}')
    return html[html.rindex("<tr", 0, at) : html.index("</tr>", at)]


def test_rows_seen_before_come_from_the_cache(client, staff, monkeypatch):
    CampaignFactory.create_batch(3)
    url = reverse("admin:brands_campaign_changelist")
    rendered = []
    render = changelist.items_for_result
    monkeypatch.setattr(
        changelist, "items_for_result", lambda *args: rendered.append(args) or render(*args)
    )

    first = client.get(url)
    second = client.get(url)

    assert len(rendered) == 3
    assert second.text.count('class="action-select"') == 3
    assert row_of(second, Campaign.objects.first()) == row_of(first, Campaign.objects.first())


def test_a_page_of_rows_is_one_entry_replaced_when_a_row_changes(client, staff):
    from django.core.cache import caches

    campaign = CampaignFactory(budget=Decimal("1000000.00"))
    url = reverse("admin:brands_campaign_changelist")
    client.get(url)

    new_budget(campaign, "2500000.00")
    assert "2500000" in client.get(url).text.replace(".", "").replace(",", "")
    client.get(url, {"o": "2"})

    pages = [key for key in caches["fragments"]._cache if "admin-rows-at:" in key]
    assert len(pages) == 2  # the list as it is sorted by default, and by column 2


def test_a_campaign_approved_by_staff_shows_live_in_the_list_at_once(client, staff):
    membership = BusinessMembershipFactory()
    give_credit(membership.business, "2000000.00")
    campaign = CampaignFactory(business=membership.business, product_name="Sambal Bu Rudy")
    brand_services.launch_campaign(campaign=campaign, user=membership.user)
    url = reverse("admin:brands_campaign_changelist")
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "In review" in row_of(client.get(url), campaign)

    brand_services.approve_campaign(campaign=campaign, staff=staff)

    row = row_of(client.get(url), campaign)
    assert "Live" in row
    assert "In review" not in row


def test_a_renamed_business_shows_in_its_campaigns_rows_at_once(client, staff):
    campaign = CampaignFactory(business__name="Toko Lama")
    url = reverse("admin:brands_campaign_changelist")
    assert "Toko Lama" in row_of(client.get(url), campaign)

    campaign.business.name = "Toko Baru"
    campaign.business.save(update_fields=["name"])  # updated_at not bumped: no matter

    assert "Toko Baru" in row_of(client.get(url), campaign)


def new_budget(campaign, amount):
    """The business changes the draft's budget in the campaign wizard."""
    brand_services.save_campaign_step(campaign=campaign, step=2, values={"budget": Decimal(amount)})


def test_a_changed_budget_shows_in_the_campaign_list_at_once(client, staff):
    campaign = CampaignFactory(budget=Decimal("1000000.00"))
    url = reverse("admin:brands_campaign_changelist")
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "1000000" in row_of(client.get(url), campaign).replace(",", "")

    new_budget(campaign, "2500000.00")

    assert "2500000" in row_of(client.get(url), campaign).replace(",", "")


def test_a_decided_application_shows_its_new_status_at_once(client, staff):
    application = ApplicationFactory()
    url = reverse("admin:creators_programmeapplication_changelist") + "?queue=all"
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    before = row_of(client.get(url), application)

    creator_services.change_application_status(
        application=application,
        changed_by=staff,
        status=ProgrammeApplication.Status.IN_REVIEW,
    )

    after = row_of(client.get(url), application)
    assert after != before
    assert str(ProgrammeApplication.Status.IN_REVIEW.label) in after


def test_a_resolved_difference_shows_resolved_and_leaves_its_run_with_none_open(client, staff):
    run = a_run(date(2026, 1, 1), differences=1)
    difference = run.differences.get()
    differences_url = reverse("admin:reconciliation_difference_changelist")
    runs_url = reverse("admin:reconciliation_run_changelist")
    assert client.get(runs_url).context["cl"].result_list[0].open_count == 1
    before = row_of(client.get(differences_url), difference)
    runs_before = row_of(client.get(runs_url), run)

    reconciliation_services.resolve_difference(
        difference_id=difference.pk, staff=staff, note="Paid by hand."
    )

    assert row_of(client.get(differences_url), difference) != before
    runs_after = client.get(runs_url)
    assert runs_after.context["cl"].result_list[0].open_count == 0
    assert row_of(runs_after, run) != runs_before


def test_the_rows_are_in_the_language_of_the_page(client, staff):
    campaign = CampaignFactory()
    url = reverse("admin:brands_campaign_changelist")

    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    english = row_of(client.get(url), campaign)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "id"
    indonesian = row_of(client.get(url), campaign)

    assert "Draft" in english
    assert english != indonesian
    assert "Draft" not in indonesian


def test_the_rows_link_back_to_the_list_as_it_was_filtered(client, staff):
    campaign = CampaignFactory()
    url = reverse("admin:brands_campaign_changelist")
    client.get(url)

    filtered = client.get(url, {"status__exact": "draft"})

    assert "_changelist_filters=status__exact" in row_of(filtered, campaign)


# --- The sidebar, cached per person and page ----------------------------------


def sidebar(response):
    html = response.text
    return html[
        html.index('<nav class="sticky" id="nav-sidebar"') : html.index(
            "</nav>", html.index('id="nav-sidebar"')
        )
    ]


def test_staff_with_fewer_permissions_never_see_a_superusers_sidebar(client, staff):
    CampaignFactory()
    url = reverse("admin:brands_campaign_changelist")
    assert "/admin/creators/creatorprofile/" in sidebar(client.get(url))
    reviewer = UserFactory(is_staff=True)
    reviewer.user_permissions.add(Permission.objects.get(codename="view_campaign"))
    client.force_login(reviewer)

    shown = sidebar(client.get(url))

    assert "/admin/brands/campaign/" in shown
    assert "/admin/creators/creatorprofile/" not in shown


def test_a_permission_granted_shows_in_the_sidebar_at_once(client, staff):
    reviewer = UserFactory(is_staff=True)
    reviewer.user_permissions.add(Permission.objects.get(codename="view_campaign"))
    client.force_login(reviewer)
    url = reverse("admin:brands_campaign_changelist")
    assert "/admin/creators/creatorprofile/" not in sidebar(client.get(url))

    reviewer.user_permissions.add(Permission.objects.get(codename="view_creatorprofile"))

    assert "/admin/creators/creatorprofile/" in sidebar(client.get(url))


def test_the_sidebar_marks_the_model_of_the_page(client, staff):
    campaigns_page = sidebar(client.get(reverse("admin:brands_campaign_changelist")))
    creators_page = sidebar(client.get(reverse("admin:creators_creatorprofile_changelist")))

    assert 'class="model-campaign current-model"' in campaigns_page
    assert 'class="model-creatorprofile current-model"' in creators_page
    assert 'class="model-campaign current-model"' not in creators_page


def test_the_sidebar_is_in_the_language_of_the_page(client, staff):
    url = reverse("admin:brands_campaign_changelist")

    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    english = sidebar(client.get(url))
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "id"
    indonesian = sidebar(client.get(url))

    assert english != indonesian


# --- Creators: counted up to a threshold, estimated above ---------------------


def test_above_the_threshold_the_creators_list_says_about_how_many(client, staff, monkeypatch):
    monkeypatch.setattr(pagination.EstimatedCountPaginator, "exact_up_to", 2)
    monkeypatch.setattr(admin.site.get_model_admin(CreatorProfile), "list_per_page", 2)
    monkeypatch.setattr(pagination, "planner_estimate", lambda queryset, **kwargs: 5000)
    CreatorProfileFactory.create_batch(4)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("admin:creators_creatorprofile_changelist")

    response = client.get(url)

    assert "about 5000 creator profiles" in response.text
    assert client.get(url, {"p": "51"}).status_code == 200


def test_a_list_found_above_the_threshold_is_not_counted_again_for_a_while(
    client, staff, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr(pagination.EstimatedCountPaginator, "exact_up_to", 2)
    monkeypatch.setattr(admin.site.get_model_admin(CreatorProfile), "list_per_page", 2)
    monkeypatch.setattr(pagination, "planner_estimate", lambda queryset, **kwargs: 5000)
    CreatorProfileFactory.create_batch(3, display_name="Sari")
    CreatorProfileFactory(display_name="Budi")
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("admin:creators_creatorprofile_changelist")
    client.get(url)
    CreatorProfileFactory(display_name="Zed")  # the list read again (not on its first page)

    with django_assert_num_queries(3):  # the session, the user, the rows: no count
        again = client.get(url)
    searched = client.get(url, {"q": "Budi"})  # another query, counted as it is

    assert "about 5000 creator profiles" in again.text
    assert "1 creator profile" in searched.text
    assert "about" not in searched.text.split('class="paginator"')[1]


def test_up_to_the_threshold_the_creators_list_counts_exactly(client, staff, monkeypatch):
    monkeypatch.setattr(pagination, "planner_estimate", lambda queryset, **kwargs: 5000)
    CreatorProfileFactory.create_batch(3)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.get(reverse("admin:creators_creatorprofile_changelist"))

    assert "3 creator profiles" in response.text
    assert "about" not in response.text.split('class="paginator"')[1]


# --- The filter panel, cached per choices and query string --------------------


def filters(response):
    html = response.text
    start = html.index('<nav id="changelist-filter"')
    return html[start : html.index("</nav>", start)]


def test_a_new_city_shows_in_the_campaign_filters_at_once(client, staff):
    CampaignFactory(business__city="Malang")
    url = reverse("admin:brands_campaign_changelist")
    assert "Surabaya" not in filters(client.get(url))

    CampaignFactory(business__city="Surabaya")

    assert "Surabaya" in filters(client.get(url))


def test_a_region_renamed_by_staff_shows_in_the_queues_filters_at_once(client, staff):
    ApplicationFactory()
    url = reverse("admin:creators_programmeapplication_changelist")
    client.get(url)
    region = Region.objects.get(code="ID")

    response = client.post(
        reverse("admin:creators_region_change", args=[region.pk]),
        {"name_id": "Nusantara", "name": "Indonesia", "code": "ID", "minimum_age": 18},
    )

    assert response.status_code == 302
    assert "Nusantara" in filters(client.get(url, headers={"Accept-Language": "id"}))


def test_a_niche_added_by_staff_shows_in_the_creators_filters_at_once(client, staff):
    CreatorProfileFactory()
    url = reverse("admin:creators_creatorprofile_changelist")
    assert "Hewan peliharaan" not in filters(client.get(url))

    client.post(
        reverse("admin:creators_niche_add"),
        {"name_id": "Hewan peliharaan", "name": "Pets", "slug": "pets"},
    )

    assert "Hewan peliharaan" in filters(client.get(url, headers={"Accept-Language": "id"}))


def test_the_named_filters_are_in_the_language_of_the_page(client, staff):
    ApplicationFactory()  # the shipped programmes are named in both languages
    url = reverse("admin:creators_programmeapplication_changelist")
    indonesian = filters(client.get(url, headers={"Accept-Language": "id"}))
    english = filters(client.get(url, headers={"Accept-Language": "en"}))

    assert "Program Kreativitas" in indonesian and "Creativity Program" not in indonesian
    assert "Creativity Program" in english and "Program Kreativitas" not in english


def test_the_filter_panel_marks_the_filter_chosen(client, staff):
    CampaignFactory()
    url = reverse("admin:brands_campaign_changelist")
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    client.get(url)

    chosen = filters(client.get(url, {"status__exact": "draft"}))

    assert '<li class="selected">\n    <a href="?status__exact=draft">Draft</a>' in chosen


# --- The actions bar, cached per actions offered and counts ---------------------


def actions_bar(response):
    html = response.text
    start = html.index('<div class="actions">')
    return html[start : html.index("</div>", start)]


def test_the_actions_bar_counts_new_rows_at_once(client, staff):
    CampaignFactory.create_batch(2)
    url = reverse("admin:brands_campaign_changelist")
    assert 'data-actions-icnt="2"' in actions_bar(client.get(url))

    CampaignFactory()

    assert 'data-actions-icnt="3"' in actions_bar(client.get(url))


def test_staff_who_may_not_delete_are_never_offered_a_cached_delete(client, staff):
    CampaignFactory()
    url = reverse("admin:brands_campaign_changelist")
    assert 'value="delete_selected"' in actions_bar(client.get(url))
    reviewer = UserFactory(is_staff=True)
    reviewer.user_permissions.add(*Permission.objects.filter(codename__endswith="_campaign"))
    reviewer.user_permissions.remove(Permission.objects.get(codename="delete_campaign"))
    client.force_login(reviewer)

    bar = actions_bar(client.get(url))

    assert 'value="complete"' in bar
    assert 'value="delete_selected"' not in bar


# --- The date drill-down: Django's links, a query fewer -------------------------


@pytest.mark.parametrize(
    "days",
    [
        [],
        [date(2024, 5, 1), date(2025, 1, 9), date(2026, 3, 2)],  # years
        [date(2026, 1, 3), date(2026, 4, 9)],  # the months of the only year
        [date(2026, 4, 3), date(2026, 4, 9)],  # the days of the only month
    ],
)
def test_the_date_drill_down_shows_what_djangos_does(client, staff, days):
    from django.contrib.admin.templatetags.admin_list import date_hierarchy

    for day in days:
        a_run(day)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("admin:reconciliation_run_changelist")

    for params in ({}, {"day__year": "2026"}, {"day__year": "2026", "day__month": "4"}):
        cl = client.get(url, params).context["cl"]
        assert cl.date_drilldown() == date_hierarchy(cl)


def test_the_date_drill_down_of_a_list_on_one_page_reads_its_rows(
    client, staff, django_assert_num_queries
):
    for day in (date(2024, 5, 1), date(2026, 3, 2)):
        a_run(day)
    cl = client.get(reverse("admin:reconciliation_run_changelist")).context["cl"]

    with django_assert_num_queries(0):
        shown = cl.date_drilldown()

    assert [choice["title"] for choice in shown["choices"]] == ["2024", "2026"]


def test_the_date_drill_down_of_a_longer_list_takes_one_query(
    client, staff, monkeypatch, django_assert_num_queries
):
    from django.contrib.admin.templatetags.admin_list import date_hierarchy

    monkeypatch.setattr(admin.site.get_model_admin(Run), "list_per_page", 1)
    for day in (date(2024, 5, 1), date(2026, 3, 2), date(2026, 4, 2)):
        a_run(day)
    cl = client.get(reverse("admin:reconciliation_run_changelist")).context["cl"]

    with django_assert_num_queries(1):
        shown = cl.date_drilldown()

    assert shown == date_hierarchy(cl)


def test_the_date_drill_down_of_payouts_shows_their_local_days(client, staff):
    from django.contrib.admin.templatetags.admin_list import date_hierarchy

    payouts(2)
    cl = client.get(reverse("admin:earnings_payout_changelist")).context["cl"]

    assert cl.date_drilldown() == date_hierarchy(cl)


# --- Search form, column headers and pagination, cached per query string and count


def paginator(response):
    html = response.text
    start = html.index('<p class="paginator">')
    return html[start : html.index("</p>", start)]


def test_a_launched_campaign_counts_in_the_review_list_at_once(client, staff):
    membership = BusinessMembershipFactory()
    give_credit(membership.business, "5000000.00")
    first, second = CampaignFactory.create_batch(2, business=membership.business)
    brand_services.launch_campaign(campaign=first, user=membership.user)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("admin:brands_campaign_changelist")
    in_review = {"status__exact": Campaign.Status.SUBMITTED}
    assert "1 campaign" in paginator(client.get(url, in_review))

    brand_services.launch_campaign(campaign=second, user=membership.user)

    response = client.get(url, in_review)
    assert "2 campaigns" in paginator(response)
    assert "2 results" in response.text
    assert response.text.count('class="action-select"') == 2


@pytest.mark.parametrize(
    ("chosen", "other", "marks"),
    [
        # The search form keeps each search; the column headers mark each sorting.
        ({"q": "Sambal"}, {"q": "Kopi"}, ('value="Sambal"', 'value="Kopi"')),
        ({"o": "3"}, {"o": "-3"}, ("sorted ascending", "sorted descending")),
    ],
)
def test_each_search_and_sorting_shows_as_chosen(client, staff, chosen, other, marks):
    CampaignFactory(product_name="Kopi Kenangan")
    CampaignFactory(product_name="Kopi Susu")
    url = reverse("admin:brands_campaign_changelist")

    first = client.get(url, chosen)
    second = client.get(url, other)

    assert marks[0] in first.text
    assert marks[1] in second.text
    assert marks[0] not in second.text


def test_the_pagination_is_in_the_language_of_the_page(client, staff):
    CampaignFactory.create_batch(2)
    url = reverse("admin:brands_campaign_changelist")

    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    english = paginator(client.get(url))
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "id"
    indonesian = paginator(client.get(url))

    assert "2 campaigns" in english
    assert english != indonesian


# --- The page's head: user links cached, the logout form's token never ----------


def test_the_user_links_follow_each_persons_password_and_token(client, staff):
    from django.test import Client

    url = reverse("admin:brands_campaign_changelist")
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    signed_in_with_google = StaffFactory()
    signed_in_with_google.set_unusable_password()
    signed_in_with_google.save()
    other = Client()
    other.force_login(signed_in_with_google)
    other.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"

    mine = client.get(url)
    theirs = other.get(url)

    assert "Change password" in mine.text
    assert "Change password" not in theirs.text

    def token(response):
        form = response.text[response.text.index('id="logout-form"') :]
        return form[form.index('name="csrfmiddlewaretoken" value="') :].split('"')[3]

    assert token(mine) != token(theirs)
    assert token(client.get(url)) != token(theirs)


# --- The page around the rows: header, title and add link cached per person ------


def test_each_person_is_welcomed_by_their_own_name(client, staff):
    from django.test import Client

    url = reverse("admin:brands_campaign_changelist")
    rina = StaffFactory(email="rina@example.com", full_name="Rina Wati")
    other = Client()
    other.force_login(rina)

    def welcome(response):
        return response.text.split("<strong>")[1].split("</strong>")[0]

    mine = welcome(client.get(url))
    theirs = welcome(other.get(url))

    assert mine == (staff.get_short_name() or staff.get_username())
    assert theirs == "Rina" != mine


def test_staff_who_may_only_view_get_no_add_link_nor_a_change_title(client, staff):
    from django.test import Client

    CreatorProfileFactory()
    url = reverse("admin:creators_creatorprofile_changelist")
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_creatorprofile"))
    other = Client()
    other.force_login(viewer)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    other.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"

    mine = client.get(url).text
    theirs = other.get(url).text

    assert 'class="addlink"' in mine and "to change</h1>" in mine
    assert 'class="addlink"' not in theirs.split('id="content-main"')[1]
    assert "to view</h1>" in theirs and "to change</h1>" not in theirs


def test_a_popup_list_has_no_header_nor_sidebar_and_keeps_its_rows(client, staff):
    CampaignFactory(product_name="Kopi Susu Gula Aren")
    url = reverse("admin:brands_campaign_changelist")
    client.get(url)

    popup = client.get(url, {"_popup": "1"}).text

    assert 'id="header"' not in popup and 'id="nav-sidebar"' not in popup
    assert '<body class="popup ' in popup and "Kopi Susu Gula Aren" in popup


def test_the_messages_of_the_request_are_shown_under_a_cached_header(client, staff):
    CampaignFactory()
    url = reverse("admin:brands_campaign_changelist")
    client.get(url)

    # An action with no campaign selected: Django says so in a message.
    response = client.post(url, {"action": "complete", "index": 0}, follow=True)

    assert '<ul class="messagelist">' in response.text
    assert '<ul class="messagelist">' not in client.get(url).text


def test_a_chosen_field_filter_still_filters_the_rows(client, staff):
    CampaignFactory(product_name="Teh Melati", status=Campaign.Status.DRAFT)
    CampaignFactory(product_name="Kopi Tubruk", status=Campaign.Status.LIVE)
    url = reverse("admin:brands_campaign_changelist")

    everything = client.get(url).text
    drafts = client.get(url, {"status__exact": "draft"}).text

    assert "Teh Melati" in everything and "Kopi Tubruk" in everything
    assert "Teh Melati" in drafts and "Kopi Tubruk" not in drafts


def test_a_run_of_a_new_provider_shows_in_the_runs_filters_at_once(client, staff):
    a_run(date(2026, 1, 1))
    url = reverse("admin:reconciliation_run_changelist")
    assert "midtrans" not in filters(client.get(url))

    Run.objects.create(
        day=date(2026, 1, 2),
        provider="midtrans",
        outcome=Run.Outcome.CLEAN,
        started_at=timezone.now(),
        seconds=Decimal("1.0"),
    )

    response = client.get(url)
    assert "midtrans" in filters(response) and "midtrans" in response.text.split("<tbody>")[1]


def test_the_page_around_the_rows_is_in_the_language_of_the_page(client, staff):
    CampaignFactory()
    url = reverse("admin:brands_campaign_changelist")

    english = client.get(url, headers={"Accept-Language": "en"}).text
    indonesian = client.get(url, headers={"Accept-Language": "id"}).text

    assert "<title>Select campaign to change" in english and 'lang="en"' in english
    assert "Pilih kampanye untuk diubah" in indonesian and 'lang="id"' in indonesian
    assert "Select campaign to change" not in indonesian
