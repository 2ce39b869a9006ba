from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CreatorsConfig(AppConfig):
    name = "creators"
    verbose_name = _("Creators")

    def ready(self):
        from creators import verification
        from tiktok.signals import account_linked

        account_linked.connect(
            verification.sync_when_linked, dispatch_uid="creators.sync_when_linked"
        )
