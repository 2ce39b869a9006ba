import time

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from django.urls import reverse

from tests.creators.factories import CreatorProfileFactory
from tests.factories import DEFAULT_PASSWORD, StaffFactory

pytestmark = pytest.mark.django_db


def current_code(secret):
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_admin_login_goes_through_the_accounts_login(client):
    response = client.get(reverse("admin:login"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_staff_without_two_factor_are_sent_to_set_it_up(client, settings):
    settings.STAFF_REQUIRE_MFA = True
    client.force_login(StaffFactory())

    response = client.get(reverse("admin:index"), follow=True)

    assert response.redirect_chain[0][0] == reverse("mfa_activate_totp")
    assert "Set up two-factor authentication before you use the staff admin." in response.text


def test_staff_with_two_factor_log_in_with_a_code_and_reach_the_admin(client, settings):
    settings.STAFF_REQUIRE_MFA = True
    staff = StaffFactory(email="staff@example.com")
    secret = generate_totp_secret()
    TOTP.activate(staff, secret)

    response = client.post(
        reverse("account_login"), {"login": "staff@example.com", "password": DEFAULT_PASSWORD}
    )
    assert response.url == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session

    client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})

    assert client.get(reverse("admin:index")).status_code == 200


def test_the_admin_refuses_non_staff(client):
    client.force_login(CreatorProfileFactory().user)

    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
