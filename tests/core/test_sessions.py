"""Sessions kept in the cache and the database (core.sessions, used when the
cache is Redis): a signed-in request reads its session without a query,
logging out ends it everywhere, and an unreachable cache falls back to the
database instead of failing the request."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cached_sessions(settings):
    settings.SESSION_ENGINE = "core.sessions"


def session_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, [q["sql"] for q in queries if "django_session" in q["sql"]]


def test_a_signed_in_page_reads_the_session_from_the_cache(client, cached_sessions):
    user = UserFactory()
    client.force_login(user)

    response, read = session_queries(client, reverse("email_notifications"))

    assert response.status_code == 200
    assert user.email in response.content.decode()
    assert read == []


def test_logging_out_ends_the_session_in_the_cache_too(client, cached_sessions):
    client.force_login(UserFactory())
    cookie = client.cookies["sessionid"].value

    client.post(reverse("account_logout"))
    client.cookies["sessionid"] = cookie
    response = client.get(reverse("email_notifications"))

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_the_session_is_read_from_the_database_when_the_cache_is_down(
    client, cached_sessions, cache_down
):
    user = UserFactory()
    client.force_login(user)

    response, read = session_queries(client, reverse("email_notifications"))

    assert response.status_code == 200
    assert user.email in response.content.decode()
    assert len(read) == 1
