"""Series already on sale before staff review existed stay on sale."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models.signals import post_save
from django.utils import timezone
from factory.django import mute_signals

from series.models import Episode, Series
from tests.creators.factories import CreatorProfileFactory

BEFORE = [("series", "0001_series_episodes_purchases")]


@pytest.mark.django_db(transaction=True)
def test_series_published_before_review_existed_count_as_approved():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old_apps = executor.loader.project_state(BEFORE).apps
    OldSeries = old_apps.get_model("series", "Series")
    OldEpisode = old_apps.get_model("series", "Episode")
    # Today's receivers read today's tables (the public pages' versions read
    # the reviews of a saved user): the old schema has not all of them.
    with mute_signals(post_save):
        creator = CreatorProfileFactory()
    published_at = timezone.now()
    fields = {"creator_id": creator.pk, "description": "d", "cover": "c.jpg", "price": 50000}
    on_sale = OldSeries.objects.create(
        title="On sale", status="published", published_at=published_at, **fields
    )
    draft = OldSeries.objects.create(title="Draft", status="draft", **fields)
    OldEpisode.objects.create(
        series=on_sale, title="One", position=1, video="e.mp4", duration_ms=31_000, size_bytes=1
    )

    # Forward through the review migration to the latest state of every app.
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert Series.objects.get(pk=on_sale.pk).approved_at == published_at
    assert Series.objects.get(pk=draft.pk).approved_at is None
    assert Episode.objects.get().approved_at == published_at
    assert Series.objects.get(pk=on_sale.pk).status == Series.Status.PUBLISHED
