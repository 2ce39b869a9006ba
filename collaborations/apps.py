from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollaborationsConfig(AppConfig):
    name = "collaborations"
    verbose_name = _("Collaborations")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from collaborations.models import Collaboration
        from collaborations.selectors import collaboration_changed

        # The creator dashboard's counts are kept until a collaboration changes.
        for signal, event in ((post_save, "saved"), (post_delete, "deleted")):
            uid = f"collaboration-summary:{event}"
            signal.connect(collaboration_changed, sender=Collaboration, dispatch_uid=uid)
