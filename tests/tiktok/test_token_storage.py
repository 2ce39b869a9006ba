import pytest
from cryptography.fernet import Fernet
from django.db import connection

from tests.test_production_settings import production_env, run_manage
from tests.tiktok.factories import LinkedAccountFactory
from tiktok.models import LinkedAccount


def raw_tokens(account):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT access_token, refresh_token FROM tiktok_accounts_linkedaccount WHERE id = %s",
            [account.pk],
        )
        return cursor.fetchone()


@pytest.mark.django_db
def test_tokens_are_stored_encrypted_and_decrypt_back(settings):
    key = Fernet.generate_key()
    settings.TIKTOK_TOKEN_KEYS = [key.decode()]
    account = LinkedAccountFactory(access_token="plain-access", refresh_token="plain-refresh")
    access, refresh = raw_tokens(account)
    assert "plain-access" not in access and "plain-refresh" not in refresh
    assert Fernet(key).decrypt(access.encode()) == b"plain-access"
    assert Fernet(key).decrypt(refresh.encode()) == b"plain-refresh"
    account = LinkedAccount.objects.get(pk=account.pk)
    assert (account.access_token, account.refresh_token) == ("plain-access", "plain-refresh")


@pytest.mark.django_db
def test_a_rotated_key_still_decrypts_and_new_writes_use_the_new_key(settings):
    old, new = Fernet.generate_key(), Fernet.generate_key()
    settings.TIKTOK_TOKEN_KEYS = [old.decode()]
    account = LinkedAccountFactory(access_token="before-rotation")
    settings.TIKTOK_TOKEN_KEYS = [new.decode(), old.decode()]
    account = LinkedAccount.objects.get(pk=account.pk)
    assert account.access_token == "before-rotation"
    account.access_token = "after-rotation"
    account.save()
    assert Fernet(new).decrypt(raw_tokens(account)[0].encode()) == b"after-rotation"


@pytest.mark.django_db
def test_a_token_no_configured_key_opens_is_an_error_not_garbage(settings):
    settings.TIKTOK_TOKEN_KEYS = [Fernet.generate_key().decode()]
    account = LinkedAccountFactory()
    settings.TIKTOK_TOKEN_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(ValueError, match="TIKTOK_TOKEN_KEYS"):
        LinkedAccount.objects.get(pk=account.pk)


def test_production_with_the_real_client_refuses_to_start_without_its_secrets():
    env = {**production_env(), "TIKTOK_CLIENT": "tiktok.http.HttpTikTokClient"}
    result = run_manage("check", **env, TIKTOK_CLIENT_KEY="key", TIKTOK_CLIENT_SECRET="secret")
    assert result.returncode != 0
    assert "TIKTOK_TOKEN_KEYS must be set" in result.stderr
    result = run_manage("check", **env, TIKTOK_TOKEN_KEYS=Fernet.generate_key().decode())
    assert result.returncode != 0
    assert "TIKTOK_CLIENT_KEY must be set" in result.stderr
    complete = run_manage(
        "check",
        **env,
        TIKTOK_CLIENT_KEY="key",
        TIKTOK_CLIENT_SECRET="secret",
        TIKTOK_TOKEN_KEYS=Fernet.generate_key().decode(),
    )
    assert complete.returncode == 0, complete.stderr
