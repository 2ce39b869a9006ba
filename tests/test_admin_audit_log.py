"""The staff admin's audit log: every add, change, delete and admin action is
recorded, and staff read the log, filtered, without being able to change it."""

import io

import pytest
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from brands.models import Business
from creators.models import FigureSnapshot, Niche, ProgrammeApplication
from series.models import Purchase
from tests.brands.factories import BusinessFactory, NicheFactory
from tests.creators.factories import ApplicationFactory
from tests.factories import StaffFactory, UserFactory
from tests.series.factories import PurchaseFactory

pytestmark = pytest.mark.django_db

LOG_URL = reverse("admin:admin_logentry_changelist")


@pytest.fixture
def staff(client):
    user = StaffFactory(email="staff@example.com")
    client.force_login(user)
    return user


@pytest.fixture(autouse=True)
def _files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SERIES_PRIVATE_ROOT = tmp_path / "private"


def run_action(client, model_admin_url, action, objects, **extra):
    return client.post(
        model_admin_url,
        {"action": action, "_selected_action": [obj.pk for obj in objects], **extra},
    )


def test_adding_changing_and_deleting_in_the_admin_are_recorded(client, staff):
    client.post(
        reverse("admin:creators_niche_add"),
        {"name_id": "Kuliner", "name": "Culinary", "slug": "kuliner"},
    )
    niche = Niche.objects.get(slug="kuliner")
    client.post(
        reverse("admin:creators_niche_change", args=[niche.pk]),
        {"name_id": "Kuliner Nusantara", "name": "Culinary", "slug": "kuliner"},
    )
    client.post(reverse("admin:creators_niche_delete", args=[niche.pk]), {"post": "yes"})

    entries = LogEntry.objects.filter(object_id=str(niche.pk)).order_by("action_time", "pk")
    assert [(entry.action_flag, entry.user_id) for entry in entries] == [
        (ADDITION, staff.pk),
        (CHANGE, staff.pk),
        (DELETION, staff.pk),
    ]


def test_staff_read_the_log_with_who_what_and_when(client, staff):
    niche = NicheFactory(name="Culinary", name_id="Kuliner")
    client.post(
        reverse("admin:creators_niche_change", args=[niche.pk]),
        {"name_id": "Kuliner Nusantara", "name": "Indonesian cuisine", "slug": niche.slug},
    )

    response = client.get(LOG_URL)

    assert response.status_code == 200
    assert "staff@example.com" in response.text
    assert "Indonesian cuisine" in response.text  # the staff page is in English
    assert "Changed Name in Indonesian and Name in English." in response.text


def test_the_log_filters_by_action_type_and_staff_member(client, staff):
    other_staff = StaffFactory(email="other@example.com")
    niche = NicheFactory(name="Kuliner")
    LogEntry.objects.log_actions(
        user_id=other_staff.pk, queryset=[niche], action_flag=DELETION, single_object=True
    )
    LogEntry.objects.log_actions(
        user_id=staff.pk, queryset=[niche], action_flag=ADDITION, single_object=True
    )

    by_flag = client.get(LOG_URL, {"action_flag__exact": DELETION})
    by_user = client.get(LOG_URL, {"user__id__exact": staff.pk})

    assert list(by_flag.context["cl"].result_list.values_list("user_id", flat=True)) == [
        other_staff.pk
    ]
    assert list(by_user.context["cl"].result_list.values_list("action_flag", flat=True)) == [
        ADDITION
    ]


def test_the_log_cannot_be_added_to_changed_or_deleted_in_the_admin(client, staff):
    entry = LogEntry.objects.log_actions(
        user_id=staff.pk, queryset=[NicheFactory()], action_flag=ADDITION, single_object=True
    )

    assert client.get(reverse("admin:admin_logentry_add")).status_code == 403
    change_url = reverse("admin:admin_logentry_change", args=[entry.pk])
    assert client.post(change_url, {"change_message": "rewritten"}).status_code == 403
    delete_url = reverse("admin:admin_logentry_delete", args=[entry.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    assert LogEntry.objects.get(pk=entry.pk).change_message == ""


def test_only_staff_allowed_to_view_the_log_see_it(client):
    reviewer = UserFactory(is_staff=True)
    client.force_login(reviewer)
    assert client.get(LOG_URL).status_code == 403

    reviewer.user_permissions.add(Permission.objects.get(codename="view_logentry"))

    assert client.get(LOG_URL).status_code == 200


def test_people_who_are_not_staff_are_sent_to_log_in(client):
    client.force_login(UserFactory())

    response = client.get(LOG_URL)

    assert response.status_code == 302


def test_a_custom_admin_action_is_recorded_for_each_object(client, staff):
    first, second = BusinessFactory(), BusinessFactory()

    run_action(client, reverse("admin:brands_business_changelist"), "verify", [first, second])

    assert Business.objects.filter(verified_at__isnull=False).count() == 2
    entries = LogEntry.objects.filter(content_type__model="business", user=staff)
    assert sorted(int(entry.object_id) for entry in entries) == sorted([first.pk, second.pk])
    assert {entry.change_message for entry in entries} == {
        "Ran the admin action “Verify and grant the welcome credit”."
    }


def test_an_action_waiting_for_confirmation_is_recorded_only_once_confirmed(client, staff):
    purchase = PurchaseFactory()
    url = reverse("admin:series_purchase_changelist")

    confirmation = run_action(client, url, "refund", [purchase])

    assert confirmation.status_code == 200
    assert not LogEntry.objects.filter(content_type__model="purchase").exists()

    run_action(client, url, "refund", [purchase], confirmed="yes")

    assert Purchase.objects.get(pk=purchase.pk).status == Purchase.Status.REFUNDED
    entry = LogEntry.objects.get(content_type__model="purchase")
    assert entry.object_id == str(purchase.pk)
    assert entry.user == staff
    assert "Refund the selected purchases" in entry.change_message


def test_users_cannot_be_deleted_in_the_admin_so_their_log_stays(client, staff):
    person = UserFactory()

    response = client.post(reverse("admin:portal_user_delete", args=[person.pk]), {"post": "yes"})

    assert response.status_code == 403
    assert type(person).objects.filter(pk=person.pk).exists()


def test_the_log_page_takes_the_same_queries_whatever_its_length(
    client, staff, django_assert_num_queries
):
    def log(count):
        niches = [NicheFactory() for _ in range(count)]
        LogEntry.objects.log_actions(user_id=staff.pk, queryset=niches, action_flag=ADDITION)

    log(2)
    client.get(LOG_URL)  # warm the content-type cache
    with CaptureQueriesContext(connection) as small:
        client.get(LOG_URL)
    log(20)
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(LOG_URL)


def test_a_decision_on_one_application_is_recorded(client, staff):
    application = ApplicationFactory()

    client.post(
        reverse("admin:creators_programmeapplication_decide", args=[application.pk]),
        {"status": ProgrammeApplication.Status.APPROVED, "reason": "Welcome to Series"},
    )

    entry = LogEntry.objects.get(object_id=str(application.pk))
    assert (entry.user, entry.action_flag) == (staff, CHANGE)
    assert "Welcome to Series" in entry.get_change_message()


def test_a_figures_csv_import_is_recorded_once_with_its_counts(client, staff):
    file = io.BytesIO(b"handle,recorded_on,follower_count\nnobody,2026-11-01,10\n")
    file.name = "figures.csv"
    client.post(reverse("admin:creators_figuresnapshot_import"), {"file": file})

    entry = LogEntry.objects.get()
    assert (entry.user, entry.action_flag, entry.object_repr) == (staff, ADDITION, "figures.csv")
    assert entry.content_type.model_class() is FigureSnapshot
    assert "0 rows imported, 1 refused" in entry.get_change_message()
    assert client.get(LOG_URL).status_code == 200
