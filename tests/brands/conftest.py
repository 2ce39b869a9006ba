"""These tests read pages and messages in English, whatever the site's default language."""

import pytest
from django.test import Client
from django.utils import translation


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def client():
    return Client(headers={"accept-language": "en"})
