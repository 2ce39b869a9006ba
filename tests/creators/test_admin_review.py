"""Staff work the application queue in the admin: decisions, audit, emails, query counts."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from creators.models import ProgrammeApplication
from tests.creators.factories import ApplicationFactory, EligibleCreatorFactory, creativity
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db
Status = ProgrammeApplication.Status
CHANGELIST = reverse("admin:creators_programmeapplication_changelist")


@pytest.fixture
def staff(client):
    user = StaffFactory()
    client.force_login(user)
    return user


def decide(client, application, status, reason=""):
    return client.post(
        reverse("admin:creators_programmeapplication_decide", args=[application.pk]),
        {"status": status, "reason": reason},
    )


def test_staff_approve_one_application_and_the_creator_is_emailed(
    client, staff, mailoutbox, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(profile__user__email="siti@example.com")

    with django_capture_on_commit_callbacks(execute=True):
        response = decide(client, application, Status.APPROVED, "Welcome to Series")

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.APPROVED
    assert application.decision_reason == "Welcome to Series"
    assert application.decided_at is not None
    decision = application.decisions.get()
    assert (decision.changed_by, decision.from_status, decision.to_status) == (
        staff,
        Status.SUBMITTED,
        Status.APPROVED,
    )
    [email] = mailoutbox
    assert email.to == ["siti@example.com"]
    assert email.subject == "Your Series application: Approved"
    assert "Welcome to Series" in email.body
    assert "http://127.0.0.1:8000/creator/" in email.body


def test_a_rejection_without_a_reason_is_refused_and_changes_nothing(
    client, staff, mailoutbox, django_capture_on_commit_callbacks
):
    application = ApplicationFactory()

    with django_capture_on_commit_callbacks(execute=True):
        response = decide(client, application, Status.REJECTED, "   ")

    assert response.status_code == 200
    assert "Give the creator a reason for the rejection." in response.text
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    assert mailoutbox == []


def test_staff_reject_in_bulk_with_one_reason_and_each_creator_is_emailed(
    client, staff, mailoutbox, django_capture_on_commit_callbacks
):
    applications = ApplicationFactory.create_batch(3)
    ids = [str(a.pk) for a in applications]

    confirmation = client.post(CHANGELIST, {"action": "reject", ACTION_CHECKBOX_NAME: ids})
    assert confirmation.status_code == 200
    assert "This decision applies to 3 applications." in confirmation.text
    assert not ProgrammeApplication.objects.filter(status=Status.REJECTED).exists()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            CHANGELIST,
            {
                "action": "reject",
                ACTION_CHECKBOX_NAME: ids,
                "confirm": "1",
                "status": Status.REJECTED,
                "reason": "Your videos are reposts.",
            },
        )

    assert set(ProgrammeApplication.objects.values_list("status", flat=True)) == {Status.REJECTED}
    assert len(mailoutbox) == 3
    assert {tuple(m.to) for m in mailoutbox} == {(a.profile.user.email,) for a in applications}
    assert all("Your videos are reposts." in m.body for m in mailoutbox)


def test_bulk_approval_skips_decided_applications_and_says_so(client, staff, mailoutbox):
    open_one = ApplicationFactory()
    decided = ApplicationFactory(status=Status.WITHDRAWN)

    response = client.post(
        f"{CHANGELIST}?queue=all",
        {
            "action": "approve",
            ACTION_CHECKBOX_NAME: [open_one.pk, decided.pk],
            "confirm": "1",
            "status": Status.APPROVED,
            "reason": "",
        },
        follow=True,
    )

    open_one.refresh_from_db()
    decided.refresh_from_db()
    assert open_one.status == Status.APPROVED
    assert decided.status == Status.WITHDRAWN
    assert "cannot become Approved" in response.text


def test_the_review_page_shows_the_snapshot_next_to_the_current_figures(client, staff):
    from creators.services import submit_application
    from tests.creators.factories import series

    profile = EligibleCreatorFactory(follower_count=12_000)
    application = submit_application(profile=profile, programme=series())
    profile.follower_count = 9_000
    profile.save()

    response = client.get(
        reverse("admin:creators_programmeapplication_change", args=[application.pk])
    )

    assert response.status_code == 200
    assert "12,000 (met)" in response.text
    assert "9,000 (not met)" in response.text


def test_the_queue_shows_open_applications_by_default(client, staff):
    ApplicationFactory(profile__display_name="Open Olivia")
    ApplicationFactory(profile__display_name="Closed Carla", status=Status.APPROVED)

    response = client.get(CHANGELIST)

    assert "Open Olivia" in response.text
    assert "Closed Carla" not in response.text
    assert "Closed Carla" in client.get(CHANGELIST, {"queue": "all"}).text


def test_the_queue_filters_by_programme_and_searches_by_handle(client, staff):
    ApplicationFactory(profile__handle="siti-series")
    ApplicationFactory(profile__handle="budi-creativity", programme=creativity())

    by_programme = client.get(CHANGELIST, {"programme__id__exact": creativity().pk})
    by_search = client.get(CHANGELIST, {"q": "siti"})

    assert "budi-creativity" in by_programme.text and "siti-series" not in by_programme.text
    assert "siti-series" in by_search.text and "budi-creativity" not in by_search.text


def test_the_queue_refuses_creators(client):
    client.force_login(EligibleCreatorFactory().user)

    response = client.get(CHANGELIST)

    assert response.status_code == 302
    assert "/admin/login/" in response.url


def test_the_queue_has_no_add_or_delete(client, staff):
    application = ApplicationFactory()

    assert client.get(reverse("admin:creators_programmeapplication_add")).status_code == 403
    assert (
        client.get(
            reverse("admin:creators_programmeapplication_delete", args=[application.pk])
        ).status_code
        == 403
    )


def test_the_queue_query_count_does_not_grow_with_applications(
    client, staff, django_assert_num_queries
):
    ApplicationFactory.create_batch(2)
    client.get(CHANGELIST)  # the filters' choices, read once until a name changes
    # The session and the user: the rows and their HTML are kept.
    with django_assert_num_queries(2) as few:
        assert client.get(CHANGELIST).status_code == 200

    ApplicationFactory.create_batch(20)
    with django_assert_num_queries(4):  # the rows read again, the new ones loaded to be rendered
        assert client.get(CHANGELIST).status_code == 200
    with django_assert_num_queries(2) as many:
        assert client.get(CHANGELIST).status_code == 200

    assert len(few.captured_queries) == len(many.captured_queries)


def test_the_queue_filters_by_the_creators_age(client, staff):
    from tests.creators.factories import years_ago

    ApplicationFactory(profile__handle="young-one", profile__date_of_birth=years_ago(20))
    ApplicationFactory(profile__handle="older-one", profile__date_of_birth=years_ago(40))

    response = client.get(CHANGELIST, {"creator_age": "18-24"})

    assert "young-one" in response.text
    assert "older-one" not in response.text


def test_the_queue_filters_by_waiting_time(client, staff):
    from datetime import timedelta

    from django.utils import timezone

    ApplicationFactory(
        profile__handle="waiting-long", submitted_at=timezone.now() - timedelta(days=40)
    )
    ApplicationFactory(profile__handle="just-in")

    response = client.get(CHANGELIST, {"waiting": "month"})

    assert "waiting-long" in response.text
    assert "just-in" not in response.text
