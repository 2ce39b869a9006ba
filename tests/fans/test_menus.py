"""Each kind of visitor sees the menu of what they use: a fan sees no
creator or business pages, creators and businesses keep theirs."""

import pytest
from django.urls import reverse

from core.models import User
from tests.factories import UserFactory
from tests.fans.factories import FanFactory

pytestmark = pytest.mark.django_db

FAN_MENU = [
    ("fans:home", "Home"),
    ("series:index", "Discover Series"),
    ("fans:library", "Library"),
    ("fans:following", "Following"),
    ("account", "Your account"),
]


def menu_of(client):
    html = client.get(reverse("series:index")).text
    return html[html.index('id="main-menu"') : html.index("</nav>")]


def test_a_fan_sees_only_what_a_fan_uses(client):
    client.force_login(FanFactory())

    menu = menu_of(client)

    for name, label in FAN_MENU:
        assert f'href="{reverse(name)}"' in menu and label in menu
    for not_for_fans in ("series:studio", "collaborations:mine", "earnings:index", "dashboard"):
        assert f'href="{reverse(not_for_fans)}"' not in menu


def test_a_creator_keeps_their_menu(client):
    client.force_login(UserFactory(role=User.Role.CREATOR))

    menu = menu_of(client)

    for name in ("dashboard", "series:studio", "collaborations:mine", "earnings:index"):
        assert f'href="{reverse(name)}"' in menu
    assert f'href="{reverse("fans:following")}"' not in menu


def test_a_business_keeps_its_menu(client):
    client.force_login(UserFactory(role=User.Role.BUSINESS))

    menu = menu_of(client)

    assert f'href="{reverse("collaborations:business_index")}"' in menu
    assert f'href="{reverse("series:studio")}"' not in menu
    assert f'href="{reverse("fans:following")}"' not in menu


def test_an_anonymous_visitor_sees_discover_and_sign_up(client):
    menu = menu_of(client)

    assert "Discover Series" in menu
    assert f'href="{reverse("account_signup")}"' in menu
    assert f'href="{reverse("series:library")}"' not in menu
