"""The creator's limited-time discounts."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.permissions import creator_required
from series import selectors
from series.forms import DiscountForm
from series.models import Discount
from series.pricing import DISCOUNT_TIME_ZONE
from series.services import discounts
from series.services.refusals import SeriesRefused
from series.views.common import add_refusal


@require_http_methods(["GET", "POST"])
@creator_required
def add_discount(request, pk):
    series = selectors.own_series(user=request.user, pk=pk)
    # Dates are typed and shown in Jakarta time.
    with timezone.override(DISCOUNT_TIME_ZONE):
        form = DiscountForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                discounts.create_discount(series=series, **form.discount_values())
            except SeriesRefused as refusal:
                add_refusal(form, refusal)
            else:
                messages.success(request, _("The discount is saved."))
                return redirect("series:manage", pk=pk)
        return render(request, "series/discount_form.html", {"form": form, "series": series})


@require_http_methods(["GET", "POST"])
@creator_required
def end_discount(request, pk, discount_pk):
    discount = get_object_or_404(
        Discount.objects.select_related("series"),
        pk=discount_pk,
        series_id=pk,
        series__creator__user=request.user,
    )
    if request.method == "POST":
        discounts.end_discount(discount=discount)
        messages.success(request, _("The discount is ended."))
        return redirect("series:manage", pk=pk)
    return render(request, "series/discount_end.html", {"discount": discount})
