from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TikTokConfig(AppConfig):
    """Creators' linked TikTok accounts and the one client that talks to TikTok.

    A domain app on the bottom row (beside ``creators`` and ``payments``): it
    imports only ``core``; the apps above it read figures and videos through it."""

    name = "tiktok"
    label = "tiktok_accounts"  # "tiktok" is allauth's TikTok login provider
    verbose_name = _("TikTok")
