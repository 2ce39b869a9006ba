"""Creator tests read pages and messages in English, whatever the site's default language."""

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield
