"""The home page's body is cached per language and signed-in state: a visitor
who signs in, or switches language, sees their own version at once."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def home(client, language="en"):
    return client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE=language).content.decode()


def test_a_visitor_who_signs_in_sees_the_dashboard_link_and_no_signup_buttons(client):
    assert "Join as a creator" in home(client)
    assert "Go to your dashboard" not in home(client)

    client.force_login(UserFactory())

    assert "Join as a creator" not in home(client)
    assert "Go to your dashboard" in home(client)


def test_each_language_gets_its_own_home_page(client):
    assert "For creators" in home(client, "en")
    assert "For creators" not in home(client, "id")
    assert "For creators" in home(client, "en")


def test_the_home_page_makes_no_query_for_a_visitor(client, django_assert_num_queries):
    home(client)

    with django_assert_num_queries(0):
        home(client)
