from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from portal.celery import app, ensure_filesystem_broker_folders

        # Producers (web processes) write into the same folders the worker reads.
        ensure_filesystem_broker_folders(app.conf.broker_transport_options or {})


class PortalAdminConfig(AdminConfig):
    default_site = "portal.admin_site.PortalAdminSite"
