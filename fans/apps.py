from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def announce_new_episodes(sender, series_id, episode_ids, **kwargs):
    from core.jobs import enqueue

    enqueue(
        "fans.tasks.notify_followers_of_new_episodes",
        series_id=series_id,
        episode_ids=list(episode_ids),
    )


class FansConfig(AppConfig):
    name = "fans"
    verbose_name = _("Fans")

    def ready(self):
        from series.signals import episodes_published

        episodes_published.connect(announce_new_episodes, dispatch_uid="fans.announce_new_episodes")
