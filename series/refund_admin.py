"""Staff decide buyers' refund requests: one page with the request, the
buyer's watching of the Series and their reason side by side (registered by
``series.admin``)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin_site import ReadOnlyMixin
from core.refusals import Refusal
from payments.models import Payment
from series.models import RefundRequest
from series.refund_history import watch_history
from series.services.refund_requests import MAX_REASON, decide_refund_request, request_deadline


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("approve", _("Approve: refund what is left of the payment")),
            ("decline", _("Decline: the buyer keeps the Series")),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note to the buyer"),
        required=False,
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required to decline: the buyer reads it in their email."),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "decline" and not data.get("note", "").strip():
            self.add_error("note", _("Say why the request is declined: the buyer reads it."))
        return data


@admin.register(RefundRequest)
class RefundRequestAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Requests are made by buyers and decided on their decide page, once."""

    list_display = ["created_at", "purchase", "buyer", "status", "decided_by", "decided_at"]
    list_filter = ["status", "created_at"]
    search_fields = ["buyer__email", "purchase__series__title", "reason"]
    list_select_related = ["purchase__series", "purchase__buyer", "buyer", "decided_by"]
    readonly_fields = [field.name for field in RefundRequest._meta.fields] + ["decide_link"]

    @admin.display(description=_("decision"))
    def decide_link(self, obj):
        if obj.status != RefundRequest.Status.REQUESTED:
            return obj.get_status_display()
        url = reverse("admin:series_refundrequest_decide", args=[obj.pk])
        return format_html('<a class="button" href="{}">{}</a>', url, _("Decide…"))

    def get_urls(self):
        return [
            path(
                "<int:pk>/decide/",
                self.admin_site.admin_view(self.decide_view),
                name="series_refundrequest_decide",
            ),
            *super().get_urls(),
        ]

    def decide_view(self, request, pk):
        """The request, the buyer's watching and the reason; approving asks
        for a confirmation first (it refunds and withdraws access)."""
        if not request.user.has_perm("series.change_refundrequest"):
            raise PermissionDenied
        refund_request = get_object_or_404(
            RefundRequest.objects.select_related(
                "purchase__series__creator", "buyer", "decided_by"
            ),
            pk=pk,
        )
        form = DecideForm(request.POST or None)
        confirming = False
        if request.method == "POST" and form.is_valid():
            approve = form.cleaned_data["decision"] == "approve"
            if approve and request.POST.get("confirmed") != "yes":
                confirming = True
            else:
                try:
                    decide_refund_request(
                        request_id=refund_request.pk,
                        staff=request.user,
                        approve=approve,
                        note=form.cleaned_data["note"],
                    )
                except Refusal as refusal:
                    form.add_error(None, str(refusal))
                    # Another staff member may have decided it meanwhile.
                    refund_request.refresh_from_db(fields=["status", "decided_by", "decided_at"])
                else:
                    self.log_change(
                        request, refund_request, "Approved." if approve else "Declined."
                    )
                    self.message_user(
                        request,
                        _("Refunded, and the buyer and the creator were emailed.")
                        if approve
                        else _("Declined, and the buyer and the creator were emailed."),
                        messages.SUCCESS,
                    )
                    return redirect("admin:series_refundrequest_changelist")
        purchase = refund_request.purchase
        payment = Payment.objects.filter(reference=purchase.payment_reference).first()
        return TemplateResponse(
            request,
            "admin/series/refundrequest/decide.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("Decide a refund request"),
                "refund_request": refund_request,
                "purchase": purchase,
                "payment": payment,
                # What approving refunds: what is left of the payment (all of
                # the price for a purchase with no payment on record).
                "left": payment.refundable if payment else purchase.price,
                "deadline": request_deadline(purchase),
                "history": watch_history(refund_request),
                "form": form,
                "confirming": confirming,
                "decided": refund_request.status != RefundRequest.Status.REQUESTED,
            },
        )
