"""Staff see collaborations, their threads and ratings; they do not move them
(only the two sides do, through ``collaborations.services``), so everything
here is read-only."""

from django.contrib import admin

from collaborations.models import Collaboration, Message, Rating, StatusChange
from portal.admin_site import ReadOnlyMixin


class StatusChangeInline(ReadOnlyMixin, admin.TabularInline):
    model = StatusChange
    fields = ["at", "from_status", "to_status", "by", "note"]
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


@admin.register(Collaboration)
class CollaborationAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["campaign", "creator", "status", "fee", "due_on", "started_by", "updated_at"]
    list_filter = ["status", "started_by"]
    list_select_related = ["campaign", "creator"]
    search_fields = ["campaign__product_name", "creator__display_name", "creator__handle"]
    date_hierarchy = "created_at"
    inlines = [StatusChangeInline, RatingInline, MessageInline]


@admin.register(Message)
class MessageAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["collaboration", "side", "author", "created_at"]
    list_filter = ["side"]
    list_select_related = ["collaboration__campaign", "collaboration__creator", "author"]
    search_fields = ["body"]
