"""What a fan keeps here is theirs to download and goes with their account."""

import pytest

from fans.models import Follow
from portal.privacy import delete_account, export_user_data
from series.models import EpisodeProgress
from tests.fans.factories import FanFactory, FollowFactory, ProgressFactory

pytestmark = pytest.mark.django_db


def test_the_download_lists_follows_and_where_episodes_were_stopped():
    fan = FanFactory()
    FollowFactory(fan=fan, creator__display_name="Bu Sari")
    ProgressFactory(user=fan, episode__series__title="Batik", position_seconds=42)

    data = export_user_data(fan)

    assert [row["creator"] for row in data["following"]] == ["Bu Sari"]
    assert data["watch_progress"][0]["series"] == "Batik"
    assert data["watch_progress"][0]["stopped_at_seconds"] == 42


def test_closing_the_account_removes_follows_and_progress():
    fan = FanFactory()
    FollowFactory(fan=fan)
    ProgressFactory(user=fan)

    delete_account(user=fan)

    assert not Follow.objects.exists()
    assert not EpisodeProgress.objects.exists()
