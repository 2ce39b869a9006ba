"""Refreshing tokens against the fake TikTok: one refresh when two workers race an
expiry, a rejected refresh breaking the link (one email), the hourly task."""

import threading
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection, connections
from django.utils import timezone

from core.jobs import task
from tests.conftest import require
from tests.fakes.tiktok import REVOKE, TOKEN
from tests.tiktok.factories import LinkedAccountFactory
from tiktok import services
from tiktok.client import TokenRejected, Unavailable
from tiktok.models import LinkedAccount
from tiktok.tasks import refresh_expiring_tokens


def linked(fake_tiktok, open_id="open-1", *, expires_in=timedelta(minutes=2), **fields):
    """A link whose tokens the fake knows, its access token expiring in ``expires_in``."""
    tokens = fake_tiktok.issue_tokens(open_id)
    return LinkedAccountFactory(
        open_id=open_id,
        access_token=tokens["access_token"],
        refresh_token=tokens["refresh_token"],
        access_expires_at=timezone.now() + expires_in,
        **fields,
    )


@pytest.mark.django_db
def test_a_worker_with_a_stale_copy_uses_the_token_another_just_refreshed(fake_tiktok):
    account = linked(fake_tiktok)
    first, second = (LinkedAccount.objects.get(pk=account.pk) for _ in range(2))
    token_first = services.access_token_for(first)
    token_second = services.access_token_for(second)
    assert token_first == token_second != account.access_token
    assert fake_tiktok.calls(TOKEN) == 1


@pytest.mark.django_db(transaction=True)
def test_two_workers_racing_an_expiry_refresh_once(fake_tiktok):
    require(connection.vendor == "postgresql", "PostgreSQL")
    account = linked(fake_tiktok)
    barrier = threading.Barrier(2)
    tokens = []

    def use():
        try:
            copy = LinkedAccount.objects.get(pk=account.pk)
            barrier.wait()
            tokens.append(services.access_token_for(copy))
        except Exception as error:  # noqa: BLE001 - the test reports any other failure
            tokens.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=use) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(set(tokens)) == 1, tokens
    assert fake_tiktok.calls(TOKEN) == 1
    assert LinkedAccount.objects.get().access_token == tokens[0]


@pytest.mark.django_db
def test_a_rejected_refresh_marks_the_link_broken_and_emails_once(
    fake_tiktok, mailoutbox, django_capture_on_commit_callbacks
):
    account = linked(fake_tiktok)
    fake_tiktok.fail(TOKEN, "revoked")
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(TokenRejected):
            services.access_token_for(account)
        with pytest.raises(TokenRejected):
            services.access_token_for(LinkedAccount.objects.get(pk=account.pk))
    account.refresh_from_db()
    assert account.status == LinkedAccount.Status.BROKEN
    assert account.broken_reason
    assert fake_tiktok.calls(TOKEN) == 1
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject == "Your TikTok account needs reconnecting"
    assert "/creator/tiktok/connect/" in mailoutbox[0].body


@pytest.mark.django_db
def test_a_refresh_while_tiktok_is_down_changes_nothing(fake_tiktok):
    account = linked(fake_tiktok)
    before = account.access_token
    fake_tiktok.fail(TOKEN, "server_error")
    with pytest.raises(Unavailable):
        services.access_token_for(account)
    account.refresh_from_db()
    assert (account.status, account.access_token) == (LinkedAccount.Status.ACTIVE, before)


@pytest.mark.django_db
def test_the_hourly_task_refreshes_what_expires_within_two_hours(fake_tiktok):
    due = linked(fake_tiktok, "open-1", expires_in=timedelta(minutes=100))
    fresh = linked(fake_tiktok, "open-2", expires_in=timedelta(hours=20))
    broken = linked(fake_tiktok, "open-3", expires_in=timedelta(minutes=10))
    fake_tiktok.expire(broken.refresh_token)
    counts = refresh_expiring_tokens.delay().get()
    assert counts == {"refreshed": 1, "broken": 1, "left": 0}
    due.refresh_from_db()
    broken.refresh_from_db()
    assert due.access_expires_at > timezone.now() + timedelta(hours=23)
    assert broken.status == LinkedAccount.Status.BROKEN
    assert fake_tiktok.calls(TOKEN) == 2  # the fresh one was left alone
    assert LinkedAccount.objects.get(pk=fresh.pk).access_token == fresh.access_token


@pytest.mark.django_db
def test_the_hourly_task_leaves_the_rest_for_the_next_run_when_rate_limited(fake_tiktok):
    for index in range(3):
        linked(fake_tiktok, f"open-{index}", expires_in=timedelta(minutes=30 + index))
    fake_tiktok.fail(TOKEN, "rate_limited", retry_after=30)
    assert services.refresh_expiring_tokens() == {"refreshed": 0, "broken": 0, "left": 3}
    assert fake_tiktok.calls(TOKEN) == 1
    assert services.refresh_expiring_tokens() == {"refreshed": 3, "broken": 0, "left": 0}


@pytest.mark.django_db
def test_disconnecting_with_an_expired_access_token_refreshes_it_to_revoke(fake_tiktok):
    account = linked(fake_tiktok, expires_in=timedelta(minutes=-5))
    fake_tiktok.expire(account.access_token)
    outcome = services.disconnect(account=account, changed_by=account.user)
    assert outcome.revoked_at_tiktok
    assert fake_tiktok.calls(TOKEN) == 1
    assert fake_tiktok.calls(REVOKE) == 1
    assert fake_tiktok.access_tokens == {} and fake_tiktok.refresh_tokens == {}


@pytest.mark.django_db
def test_disconnecting_a_link_tiktok_already_rejects_ends_it_quietly(
    fake_tiktok, mailoutbox, django_capture_on_commit_callbacks
):
    account = linked(fake_tiktok, expires_in=timedelta(minutes=-5))
    fake_tiktok.expire(account.refresh_token)
    with django_capture_on_commit_callbacks(execute=True):
        outcome = services.disconnect(account=account, changed_by=account.user)
    assert outcome.changed and outcome.revoked_at_tiktok
    assert LinkedAccount.objects.get().status == LinkedAccount.Status.DISCONNECTED
    assert mailoutbox == []


def test_the_token_refresh_runs_every_hour():
    (entry,) = [
        entry
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == "tiktok.tasks.refresh_expiring_tokens"
    ]
    assert entry["schedule"].hour == set(range(24)) and len(entry["schedule"].minute) == 1
    assert task("tiktok.tasks.refresh_expiring_tokens").name == refresh_expiring_tokens.name
