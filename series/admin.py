from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import Case, When
from django.template.response import TemplateResponse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin_site import CachedRowsMixin, ReadOnlyMixin
from core.money import format_money
from core.refusals import Refusal
from series import selectors
from series.models import (
    DailyStats,
    Discount,
    Episode,
    Purchase,
    Review,
    Series,
    StatusChange,
    Submission,
)
from series.services.ratings import hide_review, show_review
from series.services.refusals import SeriesRefused
from series.services.review import decide_submission
from series.services.sales import refund_purchase


class RecordInline(admin.TabularInline):
    """Rows shown with their Series that staff read but never add or delete here."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class EpisodeInline(RecordInline):
    model = Episode
    fields = ["position", "title", "duration_ms", "size_bytes", "is_free_preview", "approved_at"]
    readonly_fields = ["position", "duration_ms", "size_bytes", "approved_at"]


class StatusChangeInline(RecordInline):
    model = StatusChange
    fields = ["created_at", "from_status", "to_status", "changed_by"]
    readonly_fields = fields


class SubmissionInline(RecordInline):
    model = Submission
    fields = ["submitted_at", "kind", "status", "decided_by", "decided_at", "reason"]
    readonly_fields = fields
    show_change_link = True


class DiscountInline(RecordInline):
    model = Discount
    fields = ["kind", "percent", "price", "starts_at", "ends_at", "created_at"]
    readonly_fields = fields


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin):
    """Staff read Series here; they approve or reject them as review submissions."""

    list_display = ["title", "creator", "status", "price", "currency", "published_at"]
    list_filter = ["status", "currency"]
    search_fields = ["title", "creator__display_name", "creator__handle"]
    list_select_related = ["creator"]
    raw_id_fields = ["creator"]
    # Public fields change through reviewed submissions, never by hand here.
    readonly_fields = [
        "title",
        "description",
        "cover",
        "price",
        "currency",
        "status",
        "published_at",
        "approved_at",
        "created_at",
        "updated_at",
    ]
    inlines = [SubmissionInline, DiscountInline, EpisodeInline, StatusChangeInline]


class DecisionForm(forms.ModelForm):
    """Staff's decision on a pending submission; a rejection needs a reason."""

    decision = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Submission
        fields = ["decision", "reason"]

    def clean(self):
        cleaned = super().clean()
        if not self.instance.is_pending:
            raise forms.ValidationError(_("This submission has already been decided."))
        if cleaned.get("decision") == "reject" and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Say why it is rejected: the creator reads the reason."))
        return cleaned


@admin.register(Submission)
class SubmissionAdmin(CachedRowsMixin, admin.ModelAdmin):
    """The staff review queue: pending submissions first. A decided submission
    is a record and can only be viewed."""

    form = DecisionForm
    show_full_result_count = False
    list_display = ["series", "creator", "kind", "status", "submitted_at", "decided_by"]
    list_filter = ["status", "kind"]
    search_fields = ["series__title", "series__creator__display_name", "series__creator__handle"]
    list_select_related = ["series__creator", "decided_by"]
    list_only = [
        "kind",
        "status",
        "submitted_at",
        "series__title",
        "series__creator__display_name",
        "series__creator__handle",
        "decided_by__email",
    ]
    readonly_fields = [
        "series",
        "kind",
        "status",
        "submitted_by",
        "submitted_at",
        "approved_version",
        "proposed_changes",
        "episodes_to_review",
        "proposed_order",
        "discounts",
        "decided_by",
        "decided_at",
    ]

    def get_queryset(self, request):
        # Pending first, oldest first: the queue in the order it arrived.
        waiting = Case(When(status=Submission.Status.PENDING, then=0), default=1)
        return super().get_queryset(request).order_by(waiting, "submitted_at")

    def get_fields(self, request, obj=None):
        fields = list(self.readonly_fields)
        if obj is not None and obj.is_pending and self.has_change_permission(request, obj):
            fields += ["decision", "reason"]
        else:
            fields.append("reason")
        return fields

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_pending:
            return self.readonly_fields
        return [*self.readonly_fields, "reason"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        if obj is not None and not obj.is_pending:
            return False
        return super().has_change_permission(request, obj)

    @admin.display(description=_("creator"))
    def creator(self, submission):
        return submission.series.creator

    @admin.display(description=_("Approved version (on sale)"))
    def approved_version(self, submission):
        series = submission.series
        if not series.is_approved:
            return _("Not approved yet: the Series below is what goes on sale.")
        return format_html(
            "<strong>{}</strong><br>{}<br><img src='{}' alt='' width='160'>",
            series.title,
            series.description,
            series.cover.url,
        )

    @admin.display(description=_("Proposed"))
    def proposed_changes(self, submission):
        series = submission.series
        if submission.kind == Submission.Kind.PUBLICATION:
            return format_html(
                "<strong>{}</strong><br>{}<br><img src='{}' alt='' width='160'>",
                series.title,
                series.description,
                series.cover.url,
            )
        cover = (
            format_html("<br><img src='{}' alt='' width='160'>", submission.cover.url)
            if submission.cover
            else ""
        )
        return format_html(
            "<strong>{}</strong><br>{}{}", submission.title, submission.description, cover
        )

    @admin.display(description=_("Episodes to review"))
    def episodes_to_review(self, submission):
        renamed = submission.episode_titles
        removed = set(submission.episodes_to_remove)
        rows = []
        for episode in submission.series.episodes.order_by("position"):
            if episode.pk in removed:
                change = _("to be removed: deleted with its file, for buyers too")
            elif episode.approved_at is None:
                change = _("new")
            elif str(episode.pk) in renamed:
                change = _("renamed from “%s”") % episode.title
            else:
                continue
            rows.append((episode.position, renamed.get(str(episode.pk), episode.title), change))
        if not rows:
            return _("No new, renamed or removed episodes.")
        return format_html("<ol>{}</ol>", format_html_join("", "<li value='{}'>{} ({})</li>", rows))

    @admin.display(description=_("Proposed episode order"))
    def proposed_order(self, submission):
        if not submission.episode_order:
            return _("Unchanged.")
        removed = set(submission.episodes_to_remove)
        episodes = selectors.in_proposed_order(
            submission.series.episodes.exclude(pk__in=removed).order_by("position"), submission
        )
        return format_html(
            "<ol>{}</ol>",
            format_html_join(
                "",
                "<li>{} ({})</li>",
                (
                    (
                        episode.title,
                        _("new")
                        if episode.approved_at is None
                        else _("now number %s") % episode.position,
                    )
                    for episode in episodes
                ),
            ),
        )

    @admin.display(description=_("Discounts running or planned (not reviewed)"))
    def discounts(self, submission):
        series = submission.series
        rows = [
            (
                format_money(discount.price, series.currency),
                date_format(localtime(discount.starts_at), "DATETIME_FORMAT"),
                date_format(localtime(discount.ends_at), "DATETIME_FORMAT"),
            )
            for discount in selectors.discounts_to_come(series)
        ]
        if not rows:
            return _("None.")
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{} ({} – {})</li>", rows))

    def save_model(self, request, obj, form, change):
        decide_submission(
            submission=obj,
            staff=request.user,
            approve=form.cleaned_data["decision"] == "approve",
            reason=form.cleaned_data.get("reason", ""),
        )
        obj.refresh_from_db()


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
        refunded = 0
        for purchase in queryset:
            try:
                refunded += refund_purchase(purchase=purchase, staff=request.user)
            except Refusal as refusal:  # the gateway refused or did not answer
                self.message_user(request, f"{purchase}: {refusal}", messages.ERROR)
        self.message_user(
            request,
            ngettext("%(count)d purchase refunded.", "%(count)d purchases refunded.", refunded)
            % {"count": refunded},
            messages.SUCCESS,
        )


class HideReviewForm(forms.ModelForm):
    """Staff hide a review by giving the reason, which is recorded."""

    class Meta:
        model = Review
        fields = ["hidden_reason"]
        labels = {"hidden_reason": _("Reason for hiding (hides the review)")}


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    """Reviews are the buyers' words: staff only hide one, with a reason, or
    show a review hidden by mistake again."""

    form = HideReviewForm
    actions = ["show_again"]
    list_display = ["series", "buyer", "stars", "created_at", "answered_at", "hidden_at"]
    list_filter = ["stars", ("hidden_at", admin.EmptyFieldListFilter)]
    search_fields = ["series__title", "buyer__email", "text"]
    list_select_related = ["series", "buyer"]
    readonly_fields = [
        "series",
        "buyer",
        "stars",
        "text",
        "created_at",
        "updated_at",
        "answer",
        "answered_at",
        "hidden_at",
        "hidden_by",
    ]

    def get_fields(self, request, obj=None):
        return [*self.readonly_fields, "hidden_reason"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_hidden:
            return [*self.readonly_fields, "hidden_reason"]
        return self.readonly_fields

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        reason = form.cleaned_data.get("hidden_reason", "")
        if reason.strip():
            hide_review(review=obj, staff=request.user, reason=reason)

    @admin.action(description=_("Show these hidden reviews again"))
    def show_again(self, request, queryset):
        shown = 0
        for review in queryset.select_related("series"):
            try:
                reason = show_review(review=review, staff=request.user)
            except SeriesRefused as refusal:
                self.message_user(request, f"{review}: {refusal.message}", messages.WARNING)
                continue
            if reason is not None:
                # The log keeps why it had been hidden; the review no longer does.
                self.log_change(request, review, f"Shown again (had been hidden: {reason})")
                shown += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d review is shown again.", "%(count)d reviews are shown again.", shown
            )
            % {"count": shown},
        )


@admin.register(DailyStats)
class DailyStatsAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """The pre-aggregated daily figures, read-only: the services write them."""

    list_display = ["series", "day", "page_views", "purchases", "revenue", "refunds"]
    list_filter = ["day"]
    search_fields = ["series__title"]
    list_select_related = ["series"]
    date_hierarchy = "day"


# Refund requests have their own module; importing it registers them.
from series import refund_admin  # noqa: E402, F401
