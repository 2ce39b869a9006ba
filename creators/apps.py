from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CreatorsConfig(AppConfig):
    name = "creators"
    verbose_name = _("Creators")

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save

        # The receivers that move each creator's version on (creators.signals).
        from creators import signals, verification  # noqa: F401
        from creators.models import Programme
        from creators.models.names import NamedInBothLanguages, names_changed
        from tiktok.signals import account_linked

        # Niches, languages, regions and programmes (names and rules): any change,
        # including a programme's eligible regions, changes their version.
        for model in self.get_models():
            if issubclass(model, NamedInBothLanguages):
                for signal in (post_save, post_delete):
                    signal.connect(names_changed, sender=model, dispatch_uid=f"names-{model}")
        m2m_changed.connect(
            names_changed,
            sender=Programme.eligible_regions.through,
            dispatch_uid="names-programme-regions",
        )

        account_linked.connect(
            verification.sync_when_linked, dispatch_uid="creators.sync_when_linked"
        )
