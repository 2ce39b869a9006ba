import pytest


@pytest.fixture(autouse=True)
def _file_roots(settings, tmp_path):
    """Uploaded covers and episode files go to this test's own folders."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SERIES_PRIVATE_ROOT = tmp_path / "private"
