"""Fans follow creators from their pages and stop following from the list of
creators they follow."""

import pytest
from django.test import Client
from django.urls import reverse

from fans.models import Follow
from tests.creators.factories import CreatorProfileFactory
from tests.fans.factories import FanFactory, FollowFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def creator():
    return CreatorProfileFactory(handle="bu-sari", display_name="Bu Sari")


def test_a_fan_follows_a_creator_and_goes_back_where_they_pressed(client, creator):
    fan = FanFactory()
    client.force_login(fan)
    page = reverse("series:by_creator", args=["bu-sari"])

    response = client.post(reverse("fans:follow", args=["bu-sari"]), {"next": page})

    assert response.url == page
    assert Follow.objects.filter(fan=fan, creator=creator).count() == 1


def test_following_twice_keeps_one_follow(client, creator):
    fan = FanFactory()
    client.force_login(fan)

    client.post(reverse("fans:follow", args=["bu-sari"]))
    client.post(reverse("fans:follow", args=["bu-sari"]))

    assert Follow.objects.filter(fan=fan, creator=creator).count() == 1


def test_an_address_on_another_site_is_not_followed_back(client, creator):
    client.force_login(FanFactory())

    response = client.post(
        reverse("fans:follow", args=["bu-sari"]), {"next": "https://evil.example/"}
    )

    assert response.url == reverse("series:by_creator", args=["bu-sari"])


def test_a_fan_unfollows_from_the_following_page(client, creator):
    follow = FollowFactory(creator=creator)
    client.force_login(follow.fan)
    listing = client.get(reverse("fans:following"))
    assert "Bu Sari" in listing.text
    assert reverse("fans:unfollow", args=["bu-sari"]) in listing.text

    client.post(reverse("fans:unfollow", args=["bu-sari"]))

    assert not Follow.objects.exists()
    assert "You do not follow any creator yet." in client.get(reverse("fans:following")).text


def test_a_visitor_logs_in_first_and_comes_back_to_the_creator(client, creator):
    page = reverse("series:by_creator", args=["bu-sari"])

    response = client.post(reverse("fans:follow", args=["bu-sari"]), {"next": page})

    assert response.url == f"{reverse('account_login')}?next={page}"
    assert not Follow.objects.exists()


def test_an_unknown_creator_is_not_found(client):
    client.force_login(FanFactory())

    assert client.post(reverse("fans:follow", args=["nobody"])).status_code == 404
    assert client.post(reverse("fans:unfollow", args=["nobody"])).status_code == 404


def test_following_needs_the_form_token(creator):
    client = Client(enforce_csrf_checks=True)
    client.force_login(FanFactory())

    response = client.post(reverse("fans:follow", args=["bu-sari"]))

    assert response.status_code == 403
    assert not Follow.objects.exists()


def test_a_creator_cannot_follow_themself(client, creator):
    client.force_login(creator.user)

    client.post(reverse("fans:follow", args=["bu-sari"]))

    assert not Follow.objects.exists()


def test_the_follow_button_says_what_pressing_it_does(rf, creator):
    from django.contrib.auth.models import AnonymousUser
    from django.template.loader import render_to_string

    request = rf.get("/series/by/bu-sari/")
    request.user = FanFactory()
    follow = render_to_string(
        "fans/follow_button.html",
        {"creator": creator, "is_following": False},
        request=request,
    )
    unfollow = render_to_string(
        "fans/follow_button.html",
        {"creator": creator, "is_following": True},
        request=request,
    )
    request.user = AnonymousUser()
    anonymous = render_to_string(
        "fans/follow_button.html",
        {"creator": creator, "is_following": False},
        request=request,
    )

    assert reverse("fans:follow", args=["bu-sari"]) in follow and "Follow Bu Sari" in follow
    assert reverse("fans:unfollow", args=["bu-sari"]) in unfollow and "Unfollow" in unfollow
    assert 'name="csrfmiddlewaretoken"' in follow
    assert reverse("fans:follow", args=["bu-sari"]) in anonymous


def test_the_following_list_is_the_fans_own(client):
    mine = FollowFactory(creator__display_name="Mine")
    FollowFactory(creator__display_name="Someone else's")
    client.force_login(mine.fan)

    listing = client.get(reverse("fans:following")).text

    assert "Mine" in listing
    assert "Someone else&#x27;s" not in listing


def test_other_pages_ask_whether_the_visitor_follows_with_a_template_tag(rf, creator):
    from django.template import Context, Template

    template = Template("{% load follows %}{% is_following creator as following %}{{ following }}")
    request = rf.get("/")
    request.user = FollowFactory(creator=creator).fan
    assert template.render(Context({"request": request, "creator": creator})) == "True"
    request.user = FanFactory()
    assert template.render(Context({"request": request, "creator": creator})) == "False"
