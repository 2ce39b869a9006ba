from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin_site import ReadOnlyMixin
from core.email_kinds import CATEGORIES
from core.models import EmailOptOut, User

CATEGORY_LABELS = {category.key: category.label for category in CATEGORIES}


class EmailOptOutInline(admin.TabularInline):
    """The categories of email this person turned off, for staff answering
    "why did I not get…?". Read-only: only the person chooses their emails."""

    model = EmailOptOut
    extra = 0
    can_delete = False
    fields = ["kind_of_email", "created_at"]
    readonly_fields = fields
    verbose_name_plural = _("emails turned off")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("kind of email"))
    def kind_of_email(self, opt_out):
        return CATEGORY_LABELS.get(opt_out.category, opt_out.category)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "role", "is_staff", "is_active", "date_joined"]
    list_filter = ["role", "is_staff", "is_superuser", "is_active"]
    search_fields = ["email", "full_name"]
    inlines = [EmailOptOutInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Personal info"), {"fields": ["full_name", "role"]}),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "role", "password1", "password2"]}),
    ]

    def has_delete_permission(self, request, obj=None):
        # Deleting a user would delete their admin log entries with them (LogEntry's
        # user is a CASCADE) and is refused anyway by the PROTECTed purchases,
        # payments and decisions that point at most users. Deactivate instead; a
        # person closes their own account from the privacy page.
        return False


@admin.register(LogEntry)
class LogEntryAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """The audit log of the staff admin: every add, change and delete made in it,
    and every admin action run (see ``core.admin_site.audit_actions``). Read-only
    for staff with the "view log entry" permission (superusers have it)."""

    date_hierarchy = "action_time"
    list_display = ["action_time", "user", "action_flag", "content_type", "object_link", "message"]
    list_filter = [
        "action_flag",
        ("content_type", admin.RelatedOnlyFieldListFilter),
        ("user", admin.RelatedOnlyFieldListFilter),
        "action_time",
    ]
    search_fields = ["object_repr", "change_message", "user__email"]
    list_select_related = ["user", "content_type"]
    fields = [
        "action_time",
        "user",
        "action_flag",
        "content_type",
        "object_id",
        "object_repr",
        "message",
    ]
    readonly_fields = fields
    ordering = ["-action_time", "-pk"]

    @admin.display(description=_("object"), ordering="object_repr")
    def object_link(self, entry):
        if entry.is_deletion():
            return entry.object_repr
        url = entry.get_admin_url()
        return (
            format_html('<a href="{}">{}</a>', url, entry.object_repr) if url else entry.object_repr
        )

    @admin.display(description=_("change"))
    def message(self, entry):
        return entry.get_change_message()
