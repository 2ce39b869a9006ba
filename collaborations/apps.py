from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollaborationsConfig(AppConfig):
    name = "collaborations"
    verbose_name = _("Collaborations")

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete

        from brands.models import Business, Campaign
        from collaborations import kept
        from collaborations.models import Collaboration
        from collaborations.selectors import collaboration_changed
        from core import versions
        from creators.models.profiles import CreatorProfile
        from payments.models import LedgerEntry

        # The creator dashboard's counts and the collaboration lists are kept
        # until what they show changes (``collaborations.kept``).
        versions.on_change(collaboration_changed, Collaboration, uid="collaboration-summary")
        versions.on_change(kept.campaign_changed, Business, Campaign, uid="open-campaigns")
        versions.on_change(
            kept.ledger_entry_posted, LedgerEntry, uid="campaign-collaborations-fees"
        )
        m2m_changed.connect(
            kept.campaign_niches_changed,
            sender=Campaign.niches.through,
            dispatch_uid="open-campaigns:niches",
        )
        post_delete.connect(
            kept.profile_deleted, sender=CreatorProfile, dispatch_uid="my-collaborations:profile"
        )
