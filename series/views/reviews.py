"""Buyers' reviews and the creator's answers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.permissions import creator_required
from series import selectors
from series.forms import AnswerForm, ReviewForm
from series.models import Review
from series.services import ratings
from series.services.refusals import NotAllowed, SeriesRefused
from series.views.common import show_refusal


@require_POST
@login_required
def review(request, pk):
    page = selectors.series_page(user=request.user, pk=pk)
    form = ReviewForm(request.POST, instance=selectors.own_review(request.user, page.series))
    if not form.is_valid():
        messages.error(
            request, _("Choose from 1 to 5 stars; a review has at most 2,000 characters.")
        )
        return redirect("series:detail", pk=pk)
    try:
        ratings.save_review(series=page.series, buyer=request.user, **form.cleaned_data)
    except NotAllowed as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(request, _("Thank you: your review is saved."))
    return redirect(reverse("series:detail", args=[pk]) + "#reviews")


@require_POST
@creator_required
def answer_review(request, pk, review_pk):
    review = get_object_or_404(
        Review.objects.select_related("series", "buyer"),
        pk=review_pk,
        series_id=pk,
        series__creator__user=request.user,
        hidden_at=None,
    )
    form = AnswerForm(request.POST, review=review)
    if form.is_valid():
        try:
            ratings.answer_review(
                review=review, creator_user=request.user, text=form.cleaned_data["answer"]
            )
        except SeriesRefused as refusal:
            show_refusal(request, refusal)
        else:
            messages.success(request, _("Your answer is published."))
    else:
        messages.error(request, _("Write your answer (at most 2,000 characters)."))
    return redirect(reverse("series:detail", args=[pk]) + "#reviews")
