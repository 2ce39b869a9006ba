"""Creator tests read pages and messages in English, whatever the site's default language."""

import pytest


@pytest.fixture(autouse=True)
def _english(english):
    """Every test here is in English (``english`` in tests/conftest.py)."""
