import pytest

from tests.factories import StaffFactory


@pytest.fixture(autouse=True)
def _english(english):
    """Services' messages are checked in English (the site's default is Indonesian)."""


@pytest.fixture(autouse=True)
def _public_pages_kept(settings):
    """The public pages are kept as with Redis: the tests run in one process,
    so the process's own cache holds the versions every request reads."""
    settings.SERIES_PUBLIC_PAGES_KEPT = True


@pytest.fixture
def staff(settings):
    """A staff user who may open the admin without two-factor set up."""
    settings.STAFF_REQUIRE_MFA = False
    return StaffFactory()
