"""A creator's bank account is checked with the payout provider when they save
it: the name the bank gives is kept and shown to them and to staff; an
account the bank refuses, or a provider that does not answer, saves nothing."""

import pytest
from django.urls import reverse

from earnings.models import PayoutMethod
from tests.creators.factories import CreatorProfileFactory
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db

URL = "/earnings/payout-method/"
BCA = {
    "kind": "bank",
    "bank": "bca",
    "account_number": "1234 567 890",
    "account_holder": "Sri Wahyuni",
}
DANA = {"kind": "wallet", "wallet": "dana", "phone": "0812-3456-7890"}


@pytest.fixture
def creator(client):
    profile = CreatorProfileFactory()
    client.force_login(profile.user)
    return profile


def test_the_sandbox_gives_the_holder_name_and_the_creator_sees_it(client, creator):
    response = client.post(URL, BCA, follow=True)

    method = PayoutMethod.objects.get(creator=creator)
    assert method.validated_name == "SRI WAHYUNI"
    assert method.validated_at is not None
    assert "The bank says this account belongs to SRI WAHYUNI." in response.content.decode()
    assert "belongs to <strong>SRI WAHYUNI</strong>" in client.get(URL).content.decode()


def test_the_sandbox_refuses_an_account_ending_in_0000_and_saves_nothing(client, creator):
    response = client.post(URL, BCA | {"account_number": "1234560000"})

    assert response.status_code == 200
    assert "The bank or e-wallet refused this account: Sandbox: account not found." in (
        response.content.decode()
    )
    assert not PayoutMethod.objects.exists()


def test_xendit_s_name_validator_gives_the_name_the_bank_has(client, creator, fake_xendit):
    fake_xendit.add_bank_account("BCA", "1234567890", "SRI WAHYUNI SANTOSO")

    response = client.post(URL, BCA, follow=True)

    method = PayoutMethod.objects.get(creator=creator)
    assert (method.account_holder, method.validated_name) == ("Sri Wahyuni", "SRI WAHYUNI SANTOSO")
    assert "belongs to SRI WAHYUNI SANTOSO" in response.content.decode()
    assert fake_xendit.calls("/bank_account_data_requests", method="POST") == 1


def test_an_account_xendit_does_not_know_is_refused_with_the_bank_s_message(
    client, creator, fake_xendit
):
    response = client.post(URL, BCA)

    page = response.content.decode()
    assert "refused this account: Account number not found at the bank" in page
    assert not PayoutMethod.objects.exists()


@pytest.mark.parametrize("shape", [503, "timeout"])
def test_the_validator_down_saves_nothing_and_says_to_try_again(
    client, creator, fake_xendit, shape
):
    fake_xendit.fail_payouts(shape, path_prefix="/bank_account_data_requests")

    response = client.post(URL, BCA)

    assert "Please try again in a few minutes" in response.content.decode()
    assert not PayoutMethod.objects.exists()


def test_an_e_wallet_is_saved_unchecked_where_xendit_cannot_check_it(client, creator, fake_xendit):
    response = client.post(URL, DANA, follow=True)

    method = PayoutMethod.objects.get(creator=creator)
    assert (method.validated_name, method.validated_at) == ("", None)
    assert "belongs to" not in response.content.decode()
    assert fake_xendit.calls("/bank_account_data_requests") == 0


def test_staff_see_the_name_the_bank_gave_in_the_admin(client, creator):
    client.post(URL, BCA)
    method = PayoutMethod.objects.get()
    client.force_login(StaffFactory(is_superuser=True))

    changelist = client.get(reverse("admin:earnings_payoutmethod_changelist")).content.decode()
    change = client.get(
        reverse("admin:earnings_payoutmethod_change", args=[method.pk])
    ).content.decode()

    assert "SRI WAHYUNI" in changelist
    assert "Name the bank gives" in changelist
    assert "SRI WAHYUNI" in change


def test_a_creator_cannot_use_the_form_to_look_up_many_accounts(client, creator, settings):
    settings.RATE_LIMITS = settings.RATE_LIMITS | {"payout_account_check": (3, 3600)}
    for ending in range(3):
        client.post(URL, BCA | {"account_number": f"123456789{ending}"})

    response = client.post(URL, BCA)

    assert response.status_code == 429
    assert PayoutMethod.objects.filter(account_number="1234567890").count() == 1
