"""The signed-in person's row kept in the cache (core.auth, on when the cache
is Redis): a signed-in page reads it without a query, and every way the row
changes (a save, a bulk update, a deletion, a new password, the language
switch) is seen by the next request. Redis down: the database answers."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PAGE = "email_notifications"  # a page every signed-in person has, showing their address


@pytest.fixture
def cached_users(settings):
    settings.AUTH_USER_CACHE_SECONDS = 300


def user_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, [q["sql"] for q in queries if 'FROM "portal_user"' in q["sql"]]


def signed_in(client, **fields):
    user = UserFactory(**fields)
    client.force_login(user)
    client.get(reverse(PAGE))  # the first request caches the row
    return user


def test_a_signed_in_page_reads_the_person_from_the_cache(client, cached_users):
    user = signed_in(client)

    response, read = user_queries(client, reverse(PAGE))

    assert response.status_code == 200
    assert user.email in response.content.decode()
    assert read == []


def test_without_the_setting_every_request_reads_the_person(client):
    signed_in(client)

    _, read = user_queries(client, reverse(PAGE))

    assert len(read) == 1


def test_a_changed_address_shows_at_once(client, cached_users):
    user = signed_in(client)

    user.email = "renamed@example.com"
    user.save()
    response = client.get(reverse(PAGE))

    assert "renamed@example.com" in response.content.decode()


def test_a_deactivated_person_is_signed_out_at_once(client, cached_users):
    user = signed_in(client)

    user.is_active = False
    user.save()
    response = client.get(reverse(PAGE))

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_a_bulk_update_is_seen_at_once(client, cached_users):
    user = signed_in(client)

    User.objects.filter(pk=user.pk).update(is_active=False)
    response = client.get(reverse(PAGE))

    assert response.status_code == 302


def test_a_deleted_person_is_signed_out_at_once(client, cached_users):
    user = signed_in(client)

    user.delete()
    response = client.get(reverse(PAGE))

    assert response.status_code == 302


def test_a_new_password_ends_the_other_sessions(client, cached_users):
    user = signed_in(client)

    user.set_password("a-new-long-passphrase")
    user.save()
    response = client.get(reverse(PAGE))

    assert response.status_code == 302


def test_the_row_is_dropped_again_when_the_transaction_commits(
    client, cached_users, django_capture_on_commit_callbacks
):
    user = signed_in(client)
    before = User.objects.get(pk=user.pk)

    with django_capture_on_commit_callbacks(execute=True):
        user.email = "inside@example.com"
        user.save()
        # Another process, reading before the commit, caches the old row again.
        cache.set(f"auth-user:{user.pk}", before, 300)
    response = client.get(reverse(PAGE))

    assert "inside@example.com" in response.content.decode()


def test_switching_language_changes_the_cached_row(client, cached_users):
    user = signed_in(client, language="id")

    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    client.get(reverse(PAGE))

    assert cache.get(f"auth-user:{user.pk}").language == "en"
    user.refresh_from_db()
    assert user.language == "en"


def test_the_person_is_read_from_the_database_when_the_cache_is_down(
    client, cached_users, cache_down
):
    user = signed_in(client)

    response, read = user_queries(client, reverse(PAGE))

    assert response.status_code == 200
    assert user.email in response.content.decode()
    assert len(read) == 1
