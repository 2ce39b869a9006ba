import pytest


@pytest.fixture(autouse=True)
def _english(english):
    """Messages made in the test's thread are checked in English."""
