"""Browser tests. The browser asks for English pages; what a test makes in its
own thread (services' emails and messages) is in English too."""

import pytest


@pytest.fixture(autouse=True)
def _english(english):
    """Every test here is in English (``english`` in tests/conftest.py)."""
