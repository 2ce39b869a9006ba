"""Operators create staff with `manage.py create_staff`: the new account logs in
and opens the admin at once, with no email verification it was never sent."""

from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core.management import CommandError, call_command
from django.urls import reverse

from core.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a long staff passphrase 2026"


def create_staff(monkeypatch, *args):
    monkeypatch.setenv("STAFF_PASSWORD", PASSWORD)
    out = StringIO()
    call_command("create_staff", *args, "--password-env", "STAFF_PASSWORD", stdout=out)
    return out.getvalue()


def test_new_staff_log_in_and_open_the_admin_at_once(client, monkeypatch, settings):
    settings.STAFF_REQUIRE_MFA = False

    output = create_staff(monkeypatch, "ops@example.com", "--name", "Rina Wati")

    assert "Created staff ops@example.com" in output
    response = client.post(
        reverse("account_login"), {"login": "ops@example.com", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.url != reverse("account_email_verification_sent")
    assert client.get(reverse("admin:index")).status_code == 200
    user = User.objects.get(email="ops@example.com")
    assert (user.is_staff, user.is_superuser, user.get_full_name()) == (True, False, "Rina Wati")
    assert EmailAddress.objects.filter(user=user, verified=True, primary=True).count() == 1


def test_a_superuser_gets_every_permission(monkeypatch):
    create_staff(monkeypatch, "root@example.com", "--superuser")

    assert User.objects.get(email="root@example.com").is_superuser


def test_an_existing_account_becomes_staff_and_keeps_its_data(monkeypatch):
    user = UserFactory(email="budi@example.com")

    output = create_staff(monkeypatch, "budi@example.com")

    user.refresh_from_db()
    assert "Updated staff budi@example.com" in output
    assert user.is_staff
    assert User.objects.filter(email="budi@example.com").count() == 1


def test_a_weak_password_is_refused_and_nothing_is_created(monkeypatch):
    monkeypatch.setenv("STAFF_PASSWORD", "password")

    with pytest.raises(CommandError, match="too common"):
        call_command("create_staff", "ops@example.com", "--password-env", "STAFF_PASSWORD")

    assert not User.objects.filter(email="ops@example.com").exists()


def test_a_missing_password_variable_is_refused(monkeypatch):
    monkeypatch.delenv("STAFF_PASSWORD", raising=False)

    with pytest.raises(CommandError, match="STAFF_PASSWORD is empty or not set"):
        call_command("create_staff", "ops@example.com", "--password-env", "STAFF_PASSWORD")

    assert not User.objects.exists()


def test_a_bad_email_is_refused(monkeypatch):
    with pytest.raises(CommandError, match="not an email address"):
        create_staff(monkeypatch, "not-an-email")
