"""Staff edit the programmes' rules."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from creators.admin.profiles import NamedAdmin
from creators.models.programmes import Programme


@admin.register(Programme)
class ProgrammeAdmin(NamedAdmin):
    list_display = [
        "name_id",
        "name",
        "is_active",
        "minimum_age",
        "minimum_followers",
        "minimum_views",
        "minimum_video_seconds",
    ]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["eligible_regions"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("name_id", "name"),
                    "slug",
                    ("description_id", "description"),
                    "is_active",
                ]
            },
        ),
        (_("Who may apply"), {"fields": ["minimum_age", "eligible_regions"]}),
        (
            _("Audience and activity"),
            {
                "fields": [
                    "minimum_followers",
                    "allows_premium_content_exception",
                    "minimum_account_age_days",
                    "minimum_public_videos",
                    "minimum_views",
                    "minimum_video_seconds",
                    "figures_window_days",
                    "requires_public_account",
                    "requires_original_content",
                ]
            },
        ),
        (
            _("Standing and reapplying"),
            {
                "fields": [
                    "disqualifying_violations",
                    "violation_window_days",
                    "reapply_cooldown_days",
                ]
            },
        ),
    ]
