"""What buyers do: buy a Series, their library, emails about new episodes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from payments.providers import get_provider
from series import selectors
from series.forms import BuyForm, NewEpisodeEmailsForm
from series.services import notifications, sales
from series.services.refusals import SeriesRefused
from series.views.common import page_of, show_refusal


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
    return render(
        request,
        "series/library.html",
        {"purchases": page_of(request, selectors.library(user=request.user))},
    )
