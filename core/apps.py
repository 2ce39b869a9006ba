from django.apps import AppConfig
from django.conf import settings
from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The kernel every app builds on: people (the user model), emails, permissions,
    rate limits, the staff admin site, money, charts, images, refusals, transitions
    and the after-commit job queue. It imports no app of the project.

    The label stays ``portal`` (the app the user model was born in), so the user
    table, its migrations and ``AUTH_USER_MODEL = "portal.User"`` need no change."""

    name = "core"
    label = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from allauth.socialaccount.models import SocialApp
        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_delete, post_save

        from core.jobs import ensure_filesystem_broker_folders
        from core.social_apps import social_apps_changed
        from core.user_cache import forget_saved_user

        # A changed or deleted user leaves the cache of signed-in people (core.auth).
        user = get_user_model()
        post_save.connect(forget_saved_user, sender=user, dispatch_uid="forget-saved-user")
        post_delete.connect(forget_saved_user, sender=user, dispatch_uid="forget-deleted-user")

        # Login and signup pages keep the social applications until one changes.
        post_save.connect(social_apps_changed, sender=SocialApp, dispatch_uid="social-app-saved")
        post_delete.connect(social_apps_changed, sender=SocialApp, dispatch_uid="social-app-gone")

        # Producers (web processes) write into the same folders the worker reads.
        ensure_filesystem_broker_folders(getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {}))


class AdminConfig(DjangoAdminConfig):
    default_site = "core.admin_site.PortalAdminSite"
