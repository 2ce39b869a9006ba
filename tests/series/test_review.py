"""Staff review before a Series goes on sale, and review of changes to a Series
that is on sale: who may move it, what buyers see meanwhile, what the creator
is told."""

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from series.models import CREATOR, STAFF, Episode, Series, StatusChange, Submission
from series.services.catalogue import change_status, update_series
from series.services.editing import Edit
from series.services.episodes import add_episode, update_episode
from series.services.refusals import NotAllowed, SeriesRefused
from series.services.review import decide_submission
from series.services.sales import start_purchase
from tests.factories import UserFactory
from tests.series.factories import (
    VIDEO_31_SECONDS,
    EpisodeFactory,
    PurchaseFactory,
    SeriesFactory,
    upload,
)

pytestmark = pytest.mark.django_db


def submitted_series(**fields):
    series = SeriesFactory(**fields)
    EpisodeFactory(series=series, title="First steps")
    change_status(series=series, to_status="in_review", changed_by=series.creator.user)
    series.refresh_from_db()
    return series


def edit(series, **changes):
    values = {
        "title": series.title,
        "description": series.description,
        "price": series.price,
        "currency": series.currency,
        **changes,
    }
    return update_series(series=series, **values)


# --- First publication ------------------------------------------------------


def test_submitting_records_who_and_when_and_waits_for_staff():
    series = submitted_series()

    assert series.status == Series.Status.IN_REVIEW
    submission = Submission.objects.get()
    assert (submission.kind, submission.status) == ("publication", "pending")
    assert submission.submitted_by == series.creator.user
    change = StatusChange.objects.get()
    assert (change.from_status, change.to_status, change.changed_by) == (
        "draft",
        "in_review",
        series.creator.user,
    )


def test_a_creator_cannot_approve_their_own_series():
    series = submitted_series()

    with pytest.raises(SeriesRefused, match="cannot become published"):
        change_status(series=series, to_status="published", changed_by=series.creator.user)
    with pytest.raises(NotAllowed):
        decide_submission(
            submission=Submission.objects.get(), staff=series.creator.user, approve=True
        )

    series.refresh_from_db()
    assert series.status == Series.Status.IN_REVIEW


def test_approving_puts_the_series_and_its_episodes_on_sale_and_emails_the_creator(
    staff, django_capture_on_commit_callbacks
):
    series = submitted_series(title="Batik basics")

    with django_capture_on_commit_callbacks(execute=True):
        decide_submission(submission=Submission.objects.get(), staff=staff, approve=True)

    series.refresh_from_db()
    assert series.status == Series.Status.PUBLISHED
    assert series.approved_at is not None and series.published_at is not None
    assert not series.episodes.filter(approved_at=None).exists()
    assert StatusChange.objects.filter(to_status="published", changed_by=staff).exists()
    assert mail.outbox[0].to == [series.creator.user.email]
    assert mail.outbox[0].subject == "“Batik basics” is approved and on sale"


def test_rejecting_needs_a_reason(staff):
    series = submitted_series()

    with pytest.raises(SeriesRefused, match="Say why it is rejected"):
        decide_submission(
            submission=Submission.objects.get(), staff=staff, approve=False, reason="  "
        )

    series.refresh_from_db()
    assert series.status == Series.Status.IN_REVIEW


def test_the_database_refuses_a_rejection_without_a_reason():
    series = submitted_series()

    with pytest.raises(IntegrityError), transaction.atomic():
        Submission.objects.filter(series=series).update(
            status="rejected", decided_at=series.created_at
        )


def test_a_rejection_reason_reaches_the_creator_by_email_and_on_their_pages(
    client, staff, django_capture_on_commit_callbacks
):
    series = submitted_series(title="Batik basics")

    with django_capture_on_commit_callbacks(execute=True):
        decide_submission(
            submission=Submission.objects.get(),
            staff=staff,
            approve=False,
            reason="The cover shows a brand logo.",
        )

    series.refresh_from_db()
    assert series.status == Series.Status.REJECTED
    assert "The cover shows a brand logo." in mail.outbox[0].body
    client.force_login(series.creator.user)
    studio = client.get(reverse("series:studio"))
    manage = client.get(reverse("series:manage", args=[series.pk]))
    assert "The cover shows a brand logo." in studio.text
    assert "The cover shows a brand logo." in manage.text
    assert "Submit for review" in manage.text


def test_a_rejected_series_can_be_changed_and_submitted_again(staff):
    series = submitted_series()
    decide_submission(
        submission=Submission.objects.get(), staff=staff, approve=False, reason="Too short."
    )

    edit(series, title="A longer course")
    change_status(series=series, to_status="in_review", changed_by=series.creator.user)

    series.refresh_from_db()
    assert (series.title, series.status) == ("A longer course", Series.Status.IN_REVIEW)
    assert Submission.objects.filter(status="pending").count() == 1


def test_a_series_never_approved_changes_at_once():
    series = SeriesFactory(title="Draft title")

    assert edit(series, title="Better title") is Edit.SAVED
    series.refresh_from_db()
    assert series.title == "Better title"
    assert not Submission.objects.exists()


def test_the_creators_moves_follow_the_status_table():
    series = submitted_series()

    assert series.next_statuses(CREATOR) == [Series.Status.DRAFT]
    assert series.next_statuses(STAFF) == [Series.Status.PUBLISHED, Series.Status.REJECTED]
    assert not series.can_become(Series.Status.PUBLISHED, CREATOR)


def test_a_series_in_review_cannot_change_until_withdrawn():
    series = submitted_series(title="As submitted")

    with pytest.raises(SeriesRefused, match="waiting for review"):
        edit(series, title="Sneaked in")
    with pytest.raises(SeriesRefused, match="waiting for review"):
        add_episode(series=series, title="More", video=upload(VIDEO_31_SECONDS.read_bytes()))
    change_status(series=series, to_status="draft", changed_by=series.creator.user)
    edit(series, title="Changed in the open")

    series.refresh_from_db()
    assert (series.title, series.status) == ("Changed in the open", Series.Status.DRAFT)
    assert Submission.objects.get().status == Submission.Status.WITHDRAWN


def test_a_decided_submission_cannot_be_decided_again(staff):
    submitted_series()
    submission = Submission.objects.get()
    decide_submission(submission=submission, staff=staff, approve=True)

    with pytest.raises(SeriesRefused, match="already been decided"):
        decide_submission(submission=submission, staff=staff, approve=False, reason="x")


def test_the_database_refuses_a_series_on_sale_that_staff_never_approved():
    with pytest.raises(IntegrityError), transaction.atomic():
        SeriesFactory(status="published", published_at=SeriesFactory().created_at)


def test_the_database_keeps_one_pending_submission_per_series():
    series = submitted_series()

    with pytest.raises(IntegrityError), transaction.atomic():
        Submission.objects.create(
            series=series,
            kind="changes",
            submitted_by=series.creator.user,
            submitted_at=series.created_at,
        )


# --- Only approved Series are on sale ----------------------------------------


@pytest.mark.parametrize("status", ["draft", "in_review", "rejected"])
def test_a_series_staff_have_not_approved_is_not_on_sale(client, status):
    series = SeriesFactory(status=status)
    EpisodeFactory(series=series, is_free_preview=True)
    buyer = UserFactory()
    client.force_login(buyer)

    page = client.get(series.get_absolute_url())
    buy = client.post(reverse("series:buy", args=[series.pk]), {"attempt": "1" * 32})
    index = client.get(reverse("series:index"))

    assert page.status_code == 404
    assert buy.status_code == 404
    assert series.title not in index.text
    with pytest.raises(SeriesRefused, match="not on sale"):
        start_purchase(series=series, buyer=buyer, attempt="a", return_url="/")


def test_an_approved_series_can_be_bought(client, staff):
    series = submitted_series()
    decide_submission(submission=Submission.objects.get(), staff=staff, approve=True)
    client.force_login(UserFactory())

    response = client.post(reverse("series:buy", args=[series.pk]), {"attempt": "1" * 32})

    assert response.status_code == 302
    assert "/payments/" in response.url


# --- Changes to a Series on sale ---------------------------------------------


def test_editing_a_published_series_keeps_the_approved_version_on_sale(client):
    series = EpisodeFactory(series__title="Rendang", series__description="Slow.").series

    outcome = edit(series, title="Rendang, the long way", description="Slower.")

    assert outcome is Edit.SENT_FOR_REVIEW
    series.refresh_from_db()
    assert (series.title, series.status) == ("Rendang", Series.Status.PUBLISHED)
    submission = Submission.objects.get()
    assert (submission.kind, submission.title, submission.description) == (
        "changes",
        "Rendang, the long way",
        "Slower.",
    )
    public = client.get(series.get_absolute_url())
    assert "Rendang, the long way" not in public.text
    assert "Slow." in public.text


def test_approved_changes_replace_the_public_version(client, staff):
    series = EpisodeFactory(series__title="Rendang").series
    edit(series, title="Rendang, the long way")

    decide_submission(submission=Submission.objects.get(), staff=staff, approve=True)

    series.refresh_from_db()
    assert (series.title, series.status) == ("Rendang, the long way", Series.Status.PUBLISHED)
    assert "Rendang, the long way" in client.get(series.get_absolute_url()).text


def test_rejected_changes_leave_the_approved_version_on_sale(client, staff):
    series = EpisodeFactory(series__title="Rendang").series
    edit(series, title="BUY NOW!!!")

    decide_submission(
        submission=Submission.objects.get(), staff=staff, approve=False, reason="Shouting title."
    )

    series.refresh_from_db()
    assert (series.title, series.status) == ("Rendang", Series.Status.PUBLISHED)
    client.force_login(series.creator.user)
    assert "Shouting title." in client.get(reverse("series:studio")).text


def test_further_edits_update_the_same_pending_changes():
    series = EpisodeFactory().series

    edit(series, title="First idea")
    edit(series, title="Second idea")

    assert Submission.objects.get().title == "Second idea"


def test_a_new_episode_of_a_published_series_waits_for_review(client, staff):
    series = EpisodeFactory(title="Approved one").series
    buyer = PurchaseFactory(series=series).buyer

    add_episode(series=series, title="Waiting one", video=upload(VIDEO_31_SECONDS.read_bytes()))
    client.force_login(buyer)
    before = client.get(series.get_absolute_url())
    submission = Submission.objects.get()
    decide_submission(submission=submission, staff=staff, approve=True)
    after = client.get(series.get_absolute_url())

    assert submission.kind == "changes"
    assert "Approved one" in before.text and "Waiting one" not in before.text
    assert "Waiting one" in after.text


def test_a_waiting_episode_cannot_be_watched_by_buyers(client):
    series = EpisodeFactory().series
    buyer = PurchaseFactory(series=series).buyer
    waiting = add_episode(
        series=series, title="Waiting", video=upload(VIDEO_31_SECONDS.read_bytes())
    )
    client.force_login(buyer)

    response = client.get(reverse("series:watch", args=[series.pk, waiting.pk]))
    owner = client.force_login(series.creator.user) or client.get(
        reverse("series:watch", args=[series.pk, waiting.pk])
    )

    assert response.status_code == 404
    assert owner.status_code == 200


def test_renaming_an_approved_episode_waits_for_review(staff):
    episode = EpisodeFactory(title="Old name")

    outcome = update_episode(episode=episode, title="New name", is_free_preview=True)

    assert outcome is Edit.SENT_FOR_REVIEW
    episode.refresh_from_db()
    assert (episode.title, episode.is_free_preview) == ("Old name", True)
    submission = Submission.objects.get()
    assert submission.episode_titles == {str(episode.pk): "New name"}
    decide_submission(submission=submission, staff=staff, approve=True)
    episode.refresh_from_db()
    assert episode.title == "New name"


# --- The admin ------------------------------------------------------------


def admin_decide(client, submission, data):
    return client.post(reverse("admin:series_submission_change", args=[submission.pk]), data)


def test_staff_approve_in_the_admin(client, staff):
    series = submitted_series()
    client.force_login(staff)
    submission = Submission.objects.get()

    queue = client.get(reverse("admin:series_submission_changelist"))
    form = client.get(reverse("admin:series_submission_change", args=[submission.pk]))
    response = admin_decide(client, submission, {"decision": "approve", "reason": ""})

    assert queue.status_code == form.status_code == 200
    assert "First steps" in form.text
    assert response.status_code == 302
    series.refresh_from_db()
    assert series.status == Series.Status.PUBLISHED


def test_staff_must_give_a_reason_to_reject_in_the_admin(client, staff):
    series = submitted_series()
    client.force_login(staff)
    submission = Submission.objects.get()

    refused = admin_decide(client, submission, {"decision": "reject", "reason": ""})
    rejected = admin_decide(client, submission, {"decision": "reject", "reason": "Blurry cover."})

    assert refused.status_code == 200
    assert "Say why it is rejected" in refused.text
    assert rejected.status_code == 302
    series.refresh_from_db()
    assert series.status == Series.Status.REJECTED
    submission.refresh_from_db()
    assert (submission.reason, submission.decided_by) == ("Blurry cover.", staff)


def test_a_decided_submission_is_read_only_in_the_admin(client, staff):
    submitted_series()
    submission = Submission.objects.get()
    decide_submission(submission=submission, staff=staff, approve=True)
    client.force_login(staff)

    admin_decide(client, submission, {"decision": "reject", "reason": "Changed my mind."})

    submission.refresh_from_db()
    assert submission.status == Submission.Status.APPROVED


def test_creators_cannot_open_the_review_queue(client):
    series = submitted_series()
    client.force_login(series.creator.user)

    response = client.get(reverse("admin:series_submission_changelist"))

    assert response.status_code == 302
    assert Episode.objects.filter(approved_at=None).count() == 1
