"""The main menu is rendered once per language, role and address and kept in
the fragment cache: whatever changes one of those shows at once."""

import pytest
from django.urls import reverse

from core.models import User
from portal.services import leave_fan_role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def menu(client):
    html = client.get(reverse("home")).content.decode()
    return html[html.index('id="main-menu"') : html.index("</nav>")]


def test_a_fan_who_becomes_a_creator_sees_the_creator_menu_at_once(client):
    fan = UserFactory(role=User.Role.FAN)
    client.force_login(fan)
    assert "Earnings" not in menu(client)

    leave_fan_role(user=fan, role=User.Role.CREATOR, name="Sari Rasa")

    assert "Earnings" in menu(client)
    assert "Library" not in menu(client)


def test_two_people_with_the_same_role_each_see_their_own_address(client):
    first, second = UserFactory(role=User.Role.FAN), UserFactory(role=User.Role.FAN)
    client.force_login(first)
    assert first.email in menu(client)

    client.force_login(second)

    assert second.email in menu(client)
    assert first.email not in menu(client)


def test_a_new_address_shows_in_the_menu_at_once(client):
    user = UserFactory(role=User.Role.FAN)
    client.force_login(user)
    menu(client)

    user.email = "baru@example.id"
    user.save(update_fields=["email"])

    assert "baru@example.id" in menu(client)


def test_staff_get_the_admin_link_and_others_never_do(client):
    user = UserFactory(role=User.Role.FAN)
    client.force_login(user)
    assert "Staff admin" not in menu(client)

    user.is_staff = True
    user.save(update_fields=["is_staff"])

    assert "Staff admin" in menu(client)


def test_the_menu_follows_the_language(client):
    client.force_login(UserFactory(role=User.Role.FAN))
    assert "Following" in menu(client)

    client.post(reverse("set_language"), {"language": "id", "next": "/"})

    assert "Diikuti" in menu(client)
