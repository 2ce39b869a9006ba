"""These tests read pages and messages in English, whatever the site's default language."""

import pytest

from tests.brands.factories import BusinessMembershipFactory
from tests.collaborations.factories import live_campaign


@pytest.fixture(autouse=True)
def _english(english):
    """Every test here is in English (``english`` in tests/conftest.py)."""


@pytest.fixture
def member(client):
    """An owner of a business, logged in."""
    membership = BusinessMembershipFactory()
    client.force_login(membership.user)
    return membership


@pytest.fixture
def campaign(member):
    """A live campaign of ``member``'s business, its budget reserved in the ledger."""
    return live_campaign(member=member)
