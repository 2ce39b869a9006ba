"""The ``fake_tiktok`` fixture: :class:`devtools.fake_tiktok.FakeTikTok` (the one
local fake of TikTok's API, shared with ``bench_tiktok_refresh``) on
pytest-httpserver, with the real client configured to use it."""

import pytest

from devtools.fake_tiktok import (  # noqa: F401 (re-exported for the tests)
    CLIENT_KEY,
    CLIENT_SECRET,
    REVOKE,
    SHAPES,
    TOKEN,
    USER_INFO,
    VIDEO_LIST,
    VIDEO_QUERY,
    FakeTikTok,
    fake_video,
    real_client_settings,
)


@pytest.fixture
def fake_tiktok(httpserver, settings):
    """A :class:`FakeTikTok` on pytest-httpserver, with the real client configured to use it."""
    fake = FakeTikTok(httpserver)
    for name, value in real_client_settings(fake).items():
        setattr(settings, name, value)
    yield fake
    httpserver.clear()
