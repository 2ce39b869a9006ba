from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import DecimalField, Sum, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from core.admin_site import ReadOnlyMixin
from core.money import cents
from payments import ledger
from payments.models import (
    Account,
    LedgerCheck,
    LedgerEntry,
    LedgerLine,
    Payment,
    PaymentNotification,
    PaymentRefund,
)
from payments.services import REFUND_REASONS, RefundRefused, refund_payment


class RefundInline(ReadOnlyMixin, admin.TabularInline):
    model = PaymentRefund
    fields = ["created_at", "amount", "method", "status", "reason", "staff", "note"]
    readonly_fields = fields
    extra = 0


class RefundForm(forms.Form):
    amount = forms.DecimalField(label=_("Amount to refund"), min_value=0, decimal_places=2)
    reason = forms.ChoiceField(
        label=_("Reason"),
        choices=[(reason, reason.replace("_", " ").capitalize()) for reason in REFUND_REASONS],
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    refunded_before = forms.DecimalField(widget=forms.HiddenInput, decimal_places=2)


@admin.register(Payment)
class PaymentAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Payments change only as the gateway confirms: read-only here, except
    refunds (a button on a paid payment, with a confirmation page)."""

    list_display = [
        "reference",
        "payer",
        "amount",
        "currency",
        "status",
        "method",
        "channel",
        "provider",
        "created_at",
    ]
    list_filter = ["status", "provider", "method", "purpose", "created_at"]
    search_fields = ["reference", "payer__email", "idempotency_key", "gateway_reference"]
    list_select_related = ["payer"]
    readonly_fields = [field.name for field in Payment._meta.fields] + ["refund_link"]
    inlines = [RefundInline]

    @admin.display(description=_("refund"))
    def refund_link(self, obj):
        if obj.refundable <= 0:
            return "-"
        url = reverse("admin:payments_payment_refund", args=[obj.pk])
        return format_html('<a class="button" href="{}">{}</a>', url, _("Refund…"))

    def get_urls(self):
        return [
            path(
                "<int:pk>/refund/",
                self.admin_site.admin_view(self.refund_view),
                name="payments_payment_refund",
            ),
            *super().get_urls(),
        ]

    def refund_view(self, request, pk):
        """Ask what to refund and confirm; the gateway refunds where the
        channel can, else the refund is recorded for staff to pay by transfer."""
        if not request.user.has_perm("payments.add_paymentrefund"):
            raise PermissionDenied
        payment = get_object_or_404(Payment.objects.select_related("payer"), pk=pk)
        change = reverse("admin:payments_payment_change", args=[payment.pk])
        if request.method == "POST":
            form = RefundForm(request.POST)
            if form.is_valid():
                try:
                    refund = refund_payment(
                        payment_id=payment.pk,
                        amount=form.cleaned_data["amount"],
                        reason=form.cleaned_data["reason"],
                        note=form.cleaned_data["note"],
                        refunded_before=form.cleaned_data["refunded_before"],
                        staff=request.user,
                    )
                except RefundRefused as refusal:
                    form.add_error(None, str(refusal))
                else:
                    self.log_change(
                        request, payment, f"Refunded {refund.amount} ({refund.method})."
                    )
                    self.message_user(
                        request,
                        _("Refunded %(amount)s (%(method)s).")
                        % {"amount": cents(refund.amount), "method": refund.get_method_display()},
                        messages.SUCCESS,
                    )
                    return redirect(change)
        else:
            form = RefundForm(
                initial={"amount": payment.refundable, "refunded_before": payment.refunded_amount}
            )
        return TemplateResponse(
            request,
            "admin/payments/payment/refund.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("Refund a payment"),
                "payment": payment,
                "form": form,
                "change_url": change,
            },
        )


@admin.register(PaymentNotification)
class PaymentNotificationAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Every notification the gateway sent, and what became of it: where staff
    look when a payer says they paid, or a notification was forged."""

    list_display = [
        "received_at",
        "kind",
        "outcome",
        "claimed_status",
        "gateway_id",
        "external_id",
        "payment",
        "remote_addr",
    ]
    list_filter = ["outcome", "kind", "received_at"]
    search_fields = ["gateway_id", "external_id", "payment__reference", "detail", "remote_addr"]
    list_select_related = ["payment"]
    date_hierarchy = "received_at"


@admin.register(PaymentRefund)
class PaymentRefundAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Refunds; manual ones (status "to pay") are paid back by bank transfer."""

    list_display = ["created_at", "payment", "amount", "method", "status", "reason", "staff"]
    list_filter = ["method", "status", "reason", "created_at"]
    search_fields = ["payment__reference", "gateway_reference", "note"]
    list_select_related = ["payment", "staff"]


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

    list_display = [
        "started_at",
        "passed",
        "entries",
        "seconds",
        "problem_count",
        "last_reconciliation",
    ]
    readonly_fields = [
        "started_at",
        "seconds",
        "entries",
        "problems",
        "last_reconciliation",
    ]
    change_list_template = "admin/payments/ledgercheck/change_list.html"

    @admin.display(boolean=True, description=_("balances"))
    def passed(self, obj):
        return obj.passed

    @admin.display(description=_("problems"))
    def problem_count(self, obj):
        return len(obj.problems)

    @admin.display(description=_("last reconciliation"))
    def last_reconciliation(self, obj):
        """The daily reconciliation the nightly check ran after, as a link."""
        found = obj.reconciliation or {}
        if not found.get("url"):
            return "—"
        return format_html(
            '<a href="{}">{} · {} · {}</a>',
            found["url"],
            found.get("day", ""),
            found.get("outcome", ""),
            _("%(count)s open differences") % {"count": found.get("open_differences", 0)},
        )

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
