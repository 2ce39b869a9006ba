"""Buyers are emailed, in their language and once, when a Series they own gets
a new episode (once staff approve it); each buyer can turn this off."""

import pytest
from django.core import mail
from django.urls import reverse

from series.models import Purchase, Submission
from series.services.episodes import add_episode
from series.services.notifications import notify_buyers_of_new_episodes
from series.services.review import decide_submission
from tests.factories import StaffFactory
from tests.series.factories import VIDEO_31_SECONDS, EpisodeFactory, PurchaseFactory, upload

pytestmark = pytest.mark.django_db


def approve_new_episode(series, title, capture):
    add_episode(series=series, title=title, video=upload(VIDEO_31_SECONDS.read_bytes()))
    with capture(execute=True):
        decide_submission(
            submission=Submission.objects.get(status="pending"), staff=StaffFactory(), approve=True
        )


def test_buyers_are_emailed_when_a_new_episode_is_approved(django_capture_on_commit_callbacks):
    series = EpisodeFactory(series__title="Batik basics").series
    buyer = PurchaseFactory(series=series).buyer
    refunded = PurchaseFactory(
        series=series, status=Purchase.Status.REFUNDED, refunded_at=series.created_at
    ).buyer

    approve_new_episode(series, "Natural dyes", django_capture_on_commit_callbacks)

    to_buyers = [message for message in mail.outbox if message.to != [series.creator.user.email]]
    assert [message.to for message in to_buyers] == [[buyer.email]]
    assert to_buyers[0].subject == "New in “Batik basics”"
    assert "2. Natural dyes" in to_buyers[0].body
    assert refunded.email not in [address for message in mail.outbox for address in message.to]


def test_an_episode_waiting_for_review_sends_nothing(django_capture_on_commit_callbacks):
    series = EpisodeFactory().series
    PurchaseFactory(series=series)

    with django_capture_on_commit_callbacks(execute=True):
        add_episode(series=series, title="Waiting", video=upload(VIDEO_31_SECONDS.read_bytes()))

    assert mail.outbox == []


def test_the_email_is_sent_once_even_when_the_task_runs_twice(django_capture_on_commit_callbacks):
    series = EpisodeFactory().series
    PurchaseFactory(series=series)
    approve_new_episode(series, "Once", django_capture_on_commit_callbacks)
    sent = len(mail.outbox)
    episode = series.episodes.get(title="Once")

    with django_capture_on_commit_callbacks(execute=True):
        again = notify_buyers_of_new_episodes(series_id=series.pk, episode_ids=[episode.pk])

    assert again == 0
    assert len(mail.outbox) == sent


def test_a_buyer_turns_the_emails_off_from_the_series_page(
    client, django_capture_on_commit_callbacks
):
    series = EpisodeFactory().series
    buyer = PurchaseFactory(series=series).buyer
    client.force_login(buyer)

    page = client.get(series.get_absolute_url())
    response = client.post(reverse("series:new_episode_emails", args=[series.pk]), follow=True)
    approve_new_episode(series, "Quiet", django_capture_on_commit_callbacks)

    assert "Email me when this Series gets a new episode" in page.text
    assert "You will no longer receive emails about new episodes." in response.text
    assert buyer.email not in [address for message in mail.outbox for address in message.to]


def test_someone_who_does_not_own_the_series_cannot_change_the_choice(client):
    series = EpisodeFactory().series
    purchase = PurchaseFactory(series=series)
    client.force_login(EpisodeFactory().series.creator.user)

    response = client.post(reverse("series:new_episode_emails", args=[series.pk]))

    assert response.status_code == 404
    purchase.refresh_from_db()
    assert purchase.notify_new_episodes is True


def test_the_choice_page_rejects_get(client):
    series = PurchaseFactory().series
    client.force_login(series.purchases.get().buyer)

    assert client.get(reverse("series:new_episode_emails", args=[series.pk])).status_code == 405
