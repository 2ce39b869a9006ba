from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollaborationsConfig(AppConfig):
    name = "collaborations"
    verbose_name = _("Collaborations")

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from brands.models import Business, Campaign
        from collaborations import kept
        from collaborations.models import Collaboration
        from collaborations.selectors import collaboration_changed
        from creators.models.profiles import CreatorProfile
        from payments.models import LedgerEntry

        # The creator dashboard's counts and the collaboration lists are kept
        # until what they show changes (``collaborations.kept``).
        for signal, event in ((post_save, "saved"), (post_delete, "deleted")):
            uid = f"collaboration-summary:{event}"
            signal.connect(collaboration_changed, sender=Collaboration, dispatch_uid=uid)
            for model in (Business, Campaign):
                uid = f"open-campaigns:{model.__name__}:{event}"
                signal.connect(kept.campaign_changed, sender=model, dispatch_uid=uid)
            uid = f"campaign-collaborations-fees:{event}"
            signal.connect(kept.ledger_entry_posted, sender=LedgerEntry, dispatch_uid=uid)
        m2m_changed.connect(
            kept.campaign_niches_changed,
            sender=Campaign.niches.through,
            dispatch_uid="open-campaigns:niches",
        )
        post_delete.connect(
            kept.profile_deleted, sender=CreatorProfile, dispatch_uid="my-collaborations:profile"
        )
