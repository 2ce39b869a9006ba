from django.contrib import admin, messages
from django.db.models import DecimalField, Sum, Value
from django.db.models.functions import Coalesce
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from core.admin_site import ReadOnlyMixin
from core.money import cents
from payments import ledger
from payments.models import Account, LedgerCheck, LedgerEntry, LedgerLine, Payment


@admin.register(Payment)
class PaymentAdmin(admin.ModelAdmin):
    """Payments are changed only by the provider's webhook: read-only here."""

    list_display = ["reference", "payer", "amount", "currency", "status", "provider", "created_at"]
    list_filter = ["status", "provider", "purpose", "created_at"]
    search_fields = ["reference", "payer__email", "idempotency_key"]
    readonly_fields = [field.name for field in Payment._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class LedgerLineInline(ReadOnlyMixin, admin.TabularInline):
    model = LedgerLine
    fields = ["account", "amount"]
    readonly_fields = fields
    extra = 0
    show_change_link = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("account")


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """The audit trail of every movement of money, with its balanced lines."""

    list_display = [
        "created_at",
        "kind",
        "currency",
        "business",
        "campaign",
        "creator",
        "note",
        "created_by",
    ]
    list_filter = ["kind", "currency", "is_welcome", "created_at"]
    search_fields = [
        "business__name",
        "creator__display_name",
        "creator__handle",
        "note",
        "payment_reference",
        "reference",
    ]
    list_select_related = ["business", "campaign", "creator", "created_by"]
    raw_id_fields = ["business", "campaign", "collaboration", "creator", "created_by"]
    inlines = [LedgerLineInline]
    date_hierarchy = "created_at"


@admin.register(Account)
class AccountAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Accounts and their balances, summed from their lines (never stored)."""

    list_display = ["key", "kind", "currency", "business", "creator", "balance"]
    list_filter = ["kind", "currency"]
    search_fields = ["key", "business__name", "creator__display_name", "creator__handle"]
    list_select_related = ["business", "creator"]
    raw_id_fields = ["business", "campaign", "collaboration", "creator"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                total=Coalesce(
                    Sum("lines__amount"),
                    Value(ledger.ZERO),
                    output_field=DecimalField(max_digits=18, decimal_places=2),
                )
            )
        )

    @admin.display(description=_("balance"), ordering="total")
    def balance(self, obj):
        return cents(obj.total)


@admin.register(LedgerCheck)
class LedgerCheckAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """The nightly check's results; staff may also run it now (a button on the list)."""

    list_display = ["started_at", "passed", "entries", "seconds", "problem_count"]
    readonly_fields = ["started_at", "seconds", "entries", "problems"]
    change_list_template = "admin/payments/ledgercheck/change_list.html"

    @admin.display(boolean=True, description=_("balances"))
    def passed(self, obj):
        return obj.passed

    @admin.display(description=_("problems"))
    def problem_count(self, obj):
        return len(obj.problems)

    def get_urls(self):
        return [
            path(
                "run/",
                self.admin_site.admin_view(require_POST(self.run_view)),
                name="payments_ledgercheck_run",
            ),
            *super().get_urls(),
        ]

    def run_view(self, request):
        result = ledger.check_ledger()
        self.log_addition(request, result, "Ran the ledger check.")
        if result.passed:
            self.message_user(
                request,
                _("Every account balances (%(entries)s entries in %(seconds)s s).")
                % {"entries": result.entries, "seconds": result.seconds},
                messages.SUCCESS,
            )
        else:
            self.message_user(
                request,
                _("The ledger check found %(count)s problems.") % {"count": len(result.problems)},
                messages.ERROR,
            )
        return redirect("admin:payments_ledgercheck_changelist")
