import pytest
from django.utils import translation

from tests.factories import StaffFactory


@pytest.fixture(autouse=True)
def _english():
    """Services' messages are checked in English (the site's default is Indonesian)."""
    with translation.override("en"):
        yield


@pytest.fixture
def staff(settings):
    """A staff user who may open the admin without two-factor set up."""
    settings.STAFF_REQUIRE_MFA = False
    return StaffFactory()
