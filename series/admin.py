from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from series import services
from series.models import Episode, Purchase, Series, StatusChange


class EpisodeInline(admin.TabularInline):
    model = Episode
    fields = ["position", "title", "duration_ms", "size_bytes", "is_free_preview"]
    readonly_fields = ["position", "duration_ms", "size_bytes"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    fields = ["created_at", "from_status", "to_status", "actor"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin):
    list_display = ["title", "creator", "status", "price", "currency", "published_at"]
    list_filter = ["status", "currency"]
    search_fields = ["title", "creator__display_name", "creator__handle"]
    list_select_related = ["creator"]
    raw_id_fields = ["creator"]
    readonly_fields = ["status", "published_at", "created_at", "updated_at"]
    inlines = [EpisodeInline, StatusChangeInline]


@admin.register(Purchase)
class PurchaseAdmin(admin.ModelAdmin):
    """Purchases are made by payments; staff only refund them (an action)."""

    list_display = ["series", "buyer", "price", "currency", "status", "paid_at", "refunded_at"]
    list_filter = ["status", "currency", "paid_at"]
    search_fields = ["series__title", "buyer__email", "payment_reference"]
    list_select_related = ["series", "buyer"]
    readonly_fields = [field.name for field in Purchase._meta.fields]
    actions = ["refund"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Refund the selected purchases (the buyers lose access)"))
    def refund(self, request, queryset):
        """Asks for confirmation first, listing what will be refunded."""
        if request.POST.get("confirmed") != "yes":
            return TemplateResponse(
                request,
                "admin/series/purchase/refund_confirmation.html",
                {
                    **self.admin_site.each_context(request),
                    "title": _("Refund purchases"),
                    "opts": self.model._meta,
                    "purchases": queryset.select_related("series", "buyer"),
                    "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                },
            )
        refunded = sum(
            services.refund_purchase(purchase=purchase, staff=request.user) for purchase in queryset
        )
        self.message_user(
            request,
            ngettext("%(count)d purchase refunded.", "%(count)d purchases refunded.", refunded)
            % {"count": refunded},
            messages.SUCCESS,
        )
