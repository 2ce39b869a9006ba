"""Staff see collaborations, their threads and ratings; they do not move them
(only the two sides do, through ``collaborations.services``), so everything
here is read-only."""

from datetime import timedelta

from django.conf import settings
from django.contrib import admin
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from collaborations.models import (
    Collaboration,
    Draft,
    Message,
    Rating,
    StatusChange,
    VideoFigures,
)
from core.admin_site import HTTPS_URLS, ReadOnlyMixin


class StatusChangeInline(ReadOnlyMixin, admin.TabularInline):
    model = StatusChange
    fields = ["at", "from_status", "to_status", "changed_by", "note"]
    readonly_fields = fields
    extra = 0


class MessageInline(ReadOnlyMixin, admin.TabularInline):
    model = Message
    fields = ["created_at", "side", "author", "body"]
    readonly_fields = fields
    extra = 0


class RatingInline(ReadOnlyMixin, admin.TabularInline):
    model = Rating
    fields = ["created_at", "by_side", "stars", "comment"]
    readonly_fields = fields
    extra = 0


class DraftInline(ReadOnlyMixin, admin.TabularInline):
    """Drafts are private files: staff watch them on the draft's page."""

    model = Draft
    fields = ["uploaded_at", "uploaded_by", "caption", "duration_ms", "size_bytes", "watch"]
    readonly_fields = fields
    extra = 0

    @admin.display(description=_("video"))
    def watch(self, obj):
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), _("Watch"))


class VideoFiguresInline(ReadOnlyMixin, admin.TabularInline):
    model = VideoFigures
    fields = ["day", "views", "likes", "comments", "shares", "read_at"]
    readonly_fields = fields
    extra = 0


class ReleaseDueFilter(admin.SimpleListFilter):
    """Submissions whose held fee is released automatically soon, unless the
    business answers first."""

    title = _("held fee released automatically")
    parameter_name = "release"

    def lookups(self, request, model_admin):
        return [("day", _("within 24 hours")), ("week", _("within 7 days"))]

    def queryset(self, request, queryset):
        if self.value() not in {"day", "week"}:
            return queryset
        window = timedelta(days=1 if self.value() == "day" else 7)
        cutoff = (
            timezone.now() + window - timedelta(hours=settings.COLLABORATION_AUTO_RELEASE_HOURS)
        )
        return queryset.filter(
            status=Collaboration.Status.SUBMITTED, submitted_at__lte=cutoff
        ).order_by("submitted_at")


@admin.register(Collaboration)
class CollaborationAdmin(ReadOnlyMixin, admin.ModelAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = [
        "campaign",
        "creator",
        "status",
        "fee",
        "due_on",
        "release_due",
        "approved_automatically",
        "updated_at",
    ]
    list_filter = [ReleaseDueFilter, "status", "approved_automatically", "started_by"]
    list_select_related = ["campaign", "creator"]
    search_fields = ["campaign__product_name", "creator__display_name", "creator__handle"]
    date_hierarchy = "created_at"
    inlines = [StatusChangeInline, DraftInline, VideoFiguresInline, RatingInline, MessageInline]

    @admin.display(description=_("fee released automatically on"), ordering="submitted_at")
    def release_due(self, obj):
        return obj.release_due_at


@admin.register(Message)
class MessageAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["collaboration", "side", "author", "created_at"]
    list_filter = ["side"]
    list_select_related = ["collaboration__campaign", "collaboration__creator", "author"]
    search_fields = ["body"]
