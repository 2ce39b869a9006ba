"""What buyers do: buy a Series, their library, emails about new episodes,
asking for a refund."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from payments.providers import get_provider
from series import selectors, selectors_library
from series.forms import BuyForm, NewEpisodeEmailsForm
from series.models import Purchase
from series.services import notifications, refund_requests, sales
from series.services.refusals import SeriesRefused
from series.views.common import PAGE_SIZE, show_refusal


@require_POST
@login_required
def new_episode_emails(request, pk):
    page = selectors.series_page(user=request.user, pk=pk)
    form = NewEpisodeEmailsForm(request.POST)
    form.is_valid()
    enabled = form.cleaned_data.get("enabled", False)
    if not notifications.set_new_episode_emails(
        series=page.series, buyer=request.user, enabled=enabled
    ):
        raise Http404
    if enabled:
        messages.success(request, _("You will receive an email when a new episode is added."))
    else:
        messages.success(request, _("You will no longer receive emails about new episodes."))
    return redirect("series:detail", pk=pk)


@require_POST
@login_required
def buy(request, pk):
    page = selectors.series_page(user=request.user, pk=pk)
    form = BuyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Something went wrong; please press Buy again."))
        return redirect("series:detail", pk=pk)
    try:
        payment = sales.start_purchase(
            series=page.series,
            buyer=request.user,
            attempt=form.cleaned_data["attempt"],
            return_url=page.series.get_absolute_url(),
        )
    except SeriesRefused as refusal:
        show_refusal(request, refusal)
        return redirect("series:detail", pk=pk)
    return redirect(get_provider().checkout_url(payment))


@require_GET
@login_required
def library(request):
    """The buyer's purchases, a page at a time. The page and its cards are
    kept under the versions of what they show (``series.selectors_library``):
    no query while nothing changed; the purchases are read only when not kept."""
    purchases, stamp = selectors_library.library_page(
        user=request.user, number=request.GET.get("page"), per_page=PAGE_SIZE
    )
    return render(request, "series/library.html", {"purchases": purchases, "stamp": stamp})


class RefundRequestForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why do you want a refund?"),
        max_length=refund_requests.MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Our team reads it, with what you watched, and answers by email."),
    )


@require_http_methods(["GET", "POST"])
@login_required
def refund_request(request, purchase_pk):
    """Ask for a refund of one of your purchases (404 for anyone else's),
    within the window; past it the form is not offered and a POST is refused."""
    purchase = get_object_or_404(
        Purchase.objects.select_related("series__creator"), pk=purchase_pk, buyer=request.user
    )
    form = RefundRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            refund_requests.ask_for_refund(
                purchase_id=purchase.pk, buyer=request.user, reason=form.cleaned_data["reason"]
            )
        except SeriesRefused as refusal:
            show_refusal(request, refusal)
        else:
            messages.success(request, _("Your request was sent. We will answer by email."))
        return redirect("series:refund_request", purchase_pk=purchase.pk)
    requests = list(purchase.refund_requests.select_related("decided_by"))
    open_request = any(each.status == each.Status.REQUESTED for each in requests)
    return render(
        request,
        "series/refund_request.html",
        {
            "purchase": purchase,
            "form": form,
            "may_ask": refund_requests.may_ask(purchase) and not open_request,
            "requests": requests,
            "deadline": refund_requests.request_deadline(purchase),
            "days": settings.SERIES_REFUND_REQUEST_DAYS,
        },
    )
