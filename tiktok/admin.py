from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin_site import ReadOnlyMixin
from tiktok.models import LinkedAccount


@admin.register(LinkedAccount)
class LinkedAccountAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Creators' TikTok links, for staff to look up. Changed only by the creator
    (connect, disconnect) and the services; the tokens are never shown."""

    list_display = [
        "__str__",
        "user",
        "status",
        "linked_at",
        "access_expires_at",
        "figures_synced_at",
    ]
    list_filter = ["status", "linked_at"]
    search_fields = ["open_id", "username", "display_name", "user__email"]
    list_select_related = ["user"]
    fieldsets = [
        (None, {"fields": ["user", "status", "broken_reason"]}),
        (
            _("TikTok account"),
            {"fields": ["open_id", "username", "display_name", "avatar_url", "scopes"]},
        ),
        (
            _("Dates"),
            {
                "fields": [
                    "linked_at",
                    "tokens_refreshed_at",
                    "access_expires_at",
                    "refresh_expires_at",
                    "figures_synced_at",
                    "disconnected_at",
                    "disconnected_by",
                ]
            },
        ),
    ]
