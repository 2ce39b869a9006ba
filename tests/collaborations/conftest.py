import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Every factory user gets a password; hashing it the production way costs
    a third of a second, which the table of transitions pays hundreds of times."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
