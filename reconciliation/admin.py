from django import forms
from django.contrib import admin, messages
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin_site import CachedRowsMixin, ReadOnlyMixin, built_once_per_request
from reconciliation import services
from reconciliation.models import Difference, Run


class DifferenceInline(ReadOnlyMixin, admin.TabularInline):
    model = Difference
    fields = ["kind", "reference", "gateway_id", "ours", "theirs", "resolved_at", "note"]
    readonly_fields = fields
    extra = 0
    show_change_link = True


@admin.register(Run)
class RunAdmin(CachedRowsMixin, ReadOnlyMixin, admin.ModelAdmin):
    """Each day's comparison with the gateway's report, newest first."""

    show_full_result_count = False
    list_display = [
        "day",
        "provider",
        "outcome",
        "gateway_rows",
        "payments_checked",
        "payouts_checked",
        "open_differences",
        "seconds",
    ]
    list_filter = ["outcome", "provider"]
    # The shown fields; open_differences is the annotation, always loaded.
    list_only = [name for name in list_display if name != "open_differences"]
    date_hierarchy = "day"
    readonly_fields = [
        "day",
        "provider",
        "outcome",
        "started_at",
        "seconds",
        "gateway_rows",
        "payments_checked",
        "payouts_checked",
        "error",
    ]
    inlines = [DifferenceInline]

    # The provider filter reads its choices from this queryset too.
    @built_once_per_request
    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            # A subquery, not a join with GROUP BY: the list's counts and the
            # date and provider filters then read the runs alone.
            .annotate(
                open_count=Coalesce(
                    Subquery(
                        Difference.objects.filter(run=OuterRef("pk"), resolved_at=None)
                        .order_by()
                        .values("run")
                        .annotate(count=Count("pk"))
                        .values("count")
                    ),
                    0,
                )
            )
        )

    @admin.display(description=_("open differences"), ordering="open_count")
    def open_differences(self, obj):
        return obj.open_count


class ResolvedFilter(admin.SimpleListFilter):
    title = _("resolved")
    parameter_name = "resolved"

    def lookups(self, request, model_admin):
        return [("no", _("Open")), ("yes", _("Resolved"))]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(resolved_at=None)
        if self.value() == "yes":
            return queryset.exclude(resolved_at=None)
        return queryset


class ResolveForm(forms.Form):
    note = forms.CharField(
        label=_("What you found and did"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )


@admin.register(Difference)
class DifferenceAdmin(CachedRowsMixin, ReadOnlyMixin, admin.ModelAdmin):
    """What the ledger and the gateway disagree on; staff mark each resolved
    with a note (recorded in the admin log)."""

    show_full_result_count = False
    list_display = ["kind", "reference", "gateway_id", "ours", "theirs", "day", "resolved_at"]
    list_filter = [ResolvedFilter, "kind", "run__provider"]
    list_select_related = ["run"]
    list_only = [
        "kind",
        "reference",
        "gateway_id",
        "ours",
        "theirs",
        "resolved_at",
        "run__day",
    ]
    search_fields = ["reference", "gateway_id"]
    readonly_fields = [
        "run",
        "kind",
        "reference",
        "gateway_id",
        "payment",
        "payout",
        "ours",
        "theirs",
        "resolved_at",
        "resolved_by",
        "note",
        "resolve_link",
    ]

    @admin.display(description=_("day"), ordering="run__day")
    def day(self, obj):
        return obj.run.day

    @admin.display(description=_("resolve"))
    def resolve_link(self, obj):
        if obj.resolved:
            return "—"
        return format_html(
            '<a class="button" href="{}">{}</a>',
            reverse("admin:reconciliation_difference_resolve", args=[obj.pk]),
            _("Mark resolved…"),
        )

    def get_urls(self):
        return [
            path(
                "<int:difference_id>/resolve/",
                self.admin_site.admin_view(self.resolve_view),
                name="reconciliation_difference_resolve",
            ),
            *super().get_urls(),
        ]

    def resolve_view(self, request, difference_id):
        difference = get_object_or_404(Difference.objects.select_related("run"), pk=difference_id)
        if not self.has_view_permission(request, difference):
            return redirect("admin:index")
        form = ResolveForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.resolve_difference(
                    difference_id=difference.pk, staff=request.user, note=form.cleaned_data["note"]
                )
            except services.ReconciliationRefused as refusal:
                self.message_user(request, str(refusal), messages.ERROR)
            else:
                self.log_change(
                    request, difference, f"Marked resolved: {form.cleaned_data['note']}"
                )
                self.message_user(request, _("The difference is marked resolved."))
            return redirect("admin:reconciliation_difference_change", difference.pk)
        return TemplateResponse(
            request,
            "admin/reconciliation/difference/resolve.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Mark a difference resolved"),
                "opts": self.model._meta,
                "original": difference,
                "form": form,
            },
        )
