from django.contrib import admin, messages
from django.db.models import Q, Sum
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin_site import CachedRowsMixin, ReadOnlyMixin
from earnings import selectors, services
from earnings.forms import PayoutFreezeForm
from earnings.models import (
    CreatorLedgerEntry,
    IdentityCheck,
    Payout,
    PayoutFreeze,
    PayoutMethod,
    PayoutNotification,
    Statement,
)
from earnings.providers import PayoutProviderError
from payments.models import Account, LedgerLine


def _lines_table(lines):
    """A plain HTML list of ledger lines: account, amount."""
    return format_html_join(
        "",
        "<div>{} {} <code>{}</code></div>",
        ((line.entry.created_at.date(), line.amount, line.account.key) for line in lines),
    ) or _("None")


@admin.register(Payout)
class PayoutAdmin(CachedRowsMixin, ReadOnlyMixin, admin.ModelAdmin):
    """Payouts by state; failed ones are one click away (the status filter)."""

    show_full_result_count = False
    list_display = [
        "created_at",
        "creator",
        "amount",
        "currency",
        "status",
        "failure_code",
        "completed_at",
    ]
    list_filter = ["status", "failure_code", "currency", "created_at"]
    list_select_related = ["creator"]
    list_only = [
        "created_at",
        "amount",
        "currency",
        "status",
        "failure_code",
        "completed_at",
        "creator__display_name",
        "creator__handle",
    ]
    search_fields = ["creator__handle", "creator__user__email", "provider_reference"]
    date_hierarchy = "created_at"
    actions = ["send_again"]

    @admin.action(description=_("Send processing payouts to the provider again"))
    def send_again(self, request, queryset):
        sent = 0
        for payout_id in queryset.filter(status=Payout.Status.PROCESSING).values_list(
            "pk", flat=True
        ):
            try:
                services.send_payout(payout_id=payout_id)
            except PayoutProviderError as error:
                self.message_user(
                    request,
                    _("Payout %(id)s: the provider did not answer (%(error)s); try again later.")
                    % {"id": payout_id, "error": error},
                    messages.WARNING,
                )
                continue
            sent += 1
        self.message_user(
            request,
            ngettext("%(count)d payout sent again.", "%(count)d payouts sent again.", sent)
            % {"count": sent},
        )


@admin.register(PayoutNotification)
class PayoutNotificationAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Every payout notification as it reached us and what became of it:
    forged, mismatched or deferred ones are one click away (the outcome filter)."""

    list_display = [
        "received_at",
        "outcome",
        "claimed_status",
        "reference",
        "gateway_id",
        "payout",
        "detail",
    ]
    list_filter = ["outcome", "claimed_status", "received_at"]
    list_select_related = ["payout"]
    search_fields = ["reference", "gateway_id", "detail"]
    date_hierarchy = "received_at"


@admin.register(Statement)
class StatementAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["month", "creator", "currency", "closing_available", "pending_held"]
    list_filter = ["month", "currency"]
    list_select_related = ["creator"]
    search_fields = ["creator__handle", "creator__user__email"]
    readonly_fields = ["movements"]

    @admin.display(description=_("Movements of the available money this month"))
    def movements(self, statement):
        return _lines_table(selectors.statement_lines(statement).select_related("entry", "account"))


class WaitingFilter(admin.SimpleListFilter):
    """Current methods that replaced another and are not paid to yet."""

    title = _("new method waiting")
    parameter_name = "waiting"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.waiting()
        return queryset


@admin.register(PayoutMethod)
class PayoutMethodAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Creators enter their own methods; staff check identities here, and may
    end a new method's wait once they confirmed the change with its creator."""

    list_display = [
        "creator",
        "kind",
        "masked",
        "validated_name",
        "is_current",
        "created_at",
        "usable_from",
        "identity_checked",
    ]
    list_filter = [WaitingFilter, "kind", "is_current", "bank", "wallet"]
    list_select_related = ["creator__identity_check"]
    search_fields = [
        "creator__handle",
        "creator__user__email",
        "account_holder",
        "validated_name",
    ]
    actions = ["mark_identity_checked", "use_now"]

    @admin.display(description=_("identity checked"), boolean=True)
    def identity_checked(self, method):
        return hasattr(method.creator, "identity_check")

    @admin.action(description=_("Mark these creators' identity as checked"))
    def mark_identity_checked(self, request, queryset):
        checked = services.check_identity(
            creator_ids=set(queryset.values_list("creator_id", flat=True)), staff=request.user
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d creator's identity is now checked.",
                "%(count)d creators' identities are now checked.",
                checked,
            )
            % {"count": checked},
        )

    @admin.action(description=_("Pay to these new methods now (change confirmed with the creator)"))
    def use_now(self, request, queryset):
        # The admin log records the action on each method (core.admin_site.audit_actions).
        ended = services.use_methods_now(method_ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(
            request,
            ngettext(
                "%(count)d new method is now paid to.",
                "%(count)d new methods are now paid to.",
                ended,
            )
            % {"count": ended},
        )


@admin.register(IdentityCheck)
class IdentityCheckAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Made by the payout methods' action; deleting one takes the check back."""

    list_display = ["creator", "checked_by", "checked_at"]
    list_select_related = ["creator", "checked_by"]
    search_fields = ["creator__handle", "creator__user__email"]

    def has_delete_permission(self, request, obj=None):
        return request.user.is_staff


@admin.register(PayoutFreeze)
class PayoutFreezeAdmin(admin.ModelAdmin):
    """Staff add a freeze with a reason and lift it with the action; both are
    recorded with who and when, and freezes are never edited or deleted."""

    list_display = ["creator", "frozen_at", "frozen_by", "is_active", "lifted_at", "lifted_by"]
    list_filter = [("lifted_at", admin.EmptyFieldListFilter), "frozen_at"]
    list_select_related = ["creator", "frozen_by", "lifted_by"]
    search_fields = ["creator__handle", "creator__user__email", "reason"]
    form = PayoutFreezeForm
    autocomplete_fields = ["creator"]
    fields = ["creator", "reason", "frozen_by", "frozen_at", "lifted_by", "lifted_at"]
    readonly_fields = ["frozen_by", "frozen_at", "lifted_by", "lifted_at"]
    actions = ["lift"]

    @admin.display(description=_("active"), boolean=True)
    def is_active(self, freeze):
        return freeze.is_active

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        obj.frozen_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Lift the selected freezes"))
    def lift(self, request, queryset):
        lifted = sum(
            services.lift_freeze(freeze=freeze, staff=request.user)
            for freeze in queryset.filter(lifted_at__isnull=True)
        )
        self.message_user(
            request,
            ngettext("%(count)d freeze lifted.", "%(count)d freezes lifted.", lifted)
            % {"count": lifted},
            messages.SUCCESS,
        )


class LedgerLineInline(ReadOnlyMixin, admin.TabularInline):
    model = LedgerLine
    fields = ["account", "amount"]
    readonly_fields = fields
    extra = 0


@admin.register(CreatorLedgerEntry)
class CreatorLedgerEntryAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Every ledger entry that names a creator (sales, refunds, fees paid,
    payouts), to read: search by the creator's handle or email."""

    list_display = ["created_at", "creator", "kind", "currency", "earnings", "reference"]
    list_filter = ["kind", "currency", "created_at"]
    list_select_related = ["creator"]
    search_fields = ["creator__handle", "creator__user__email", "reference"]
    date_hierarchy = "created_at"
    inlines = [LedgerLineInline]
    fields = ["created_at", "kind", "currency", "creator", "collaboration", "reference", "note"]
    readonly_fields = fields

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(creator__isnull=False)
            .annotate(
                earnings_moved=Sum(
                    "lines__amount",
                    filter=Q(lines__account__kind=Account.Kind.CREATOR_EARNINGS),
                )
            )
        )

    @admin.display(description=_("to the creator's earnings"), ordering="earnings_moved")
    def earnings(self, entry):
        return entry.earnings_moved
