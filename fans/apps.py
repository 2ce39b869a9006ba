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
        from core import versions
        from fans import signals
        from fans.models import Follow
        from series.models import EpisodeProgress, Series
        from series.signals import episodes_published

        episodes_published.connect(announce_new_episodes, dispatch_uid="fans.announce_new_episodes")
        # The versions of what fans' pages keep (fans.signals), whoever changes the
        # rows; the purchases' own (series.selectors_library.owner_version) in series.
        receivers = [
            (Follow, signals.follow_changed),
            (EpisodeProgress, signals.progress_changed),
            (Series, signals.series_changed),
        ]
        for model, receiver in receivers:
            versions.on_change(receiver, model, uid="fans.version")
