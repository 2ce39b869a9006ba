import pytest

from tests.factories import StaffFactory


@pytest.fixture(autouse=True)
def _english(english):
    """Services' messages are checked in English (the site's default is Indonesian)."""


@pytest.fixture
def staff(settings):
    """A staff user who may open the admin without two-factor set up."""
    settings.STAFF_REQUIRE_MFA = False
    return StaffFactory()
