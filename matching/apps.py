from django.apps import AppConfig


class MatchingConfig(AppConfig):
    """The matcher: its models live in ``brands.models``, but for ``RefreshRun``."""

    name = "matching"

    def ready(self):
        from brands.signals import campaign_went_live
        from creators.signals import creator_figures_changed
        from matching import coalescing

        campaign_went_live.connect(
            coalescing.rematch_campaign, dispatch_uid="matching.rematch_campaign"
        )
        creator_figures_changed.connect(
            coalescing.rematch_creator, dispatch_uid="matching.rematch_creator"
        )
