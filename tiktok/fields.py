"""Tokens encrypted at rest with Fernet (``cryptography``), keys from the environment."""

import base64
import hashlib
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models


@lru_cache(maxsize=4)
def _fernet(keys):
    return MultiFernet([Fernet(key) for key in keys])


def token_cipher():
    """``TIKTOK_TOKEN_KEYS``: comma-separated Fernet keys, the first encrypts, all decrypt
    (rotation). Without it (development), one key derived from ``SECRET_KEY``."""
    keys = tuple(settings.TIKTOK_TOKEN_KEYS) or (
        base64.urlsafe_b64encode(
            hashlib.sha256(b"tiktok-tokens:" + settings.SECRET_KEY.encode()).digest()
        ),
    )
    return _fernet(keys)


class EncryptedTextField(models.TextField):
    """A text stored as a Fernet token; reads decrypt, writes encrypt. Not searchable."""

    def from_db_value(self, value, expression, connection):
        if not value:
            return value
        try:
            return token_cipher().decrypt(value.encode()).decode()
        except InvalidToken as error:
            raise ValueError("A stored token cannot be decrypted with TIKTOK_TOKEN_KEYS") from error

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if not value:
            return value
        return token_cipher().encrypt(value.encode()).decode()
