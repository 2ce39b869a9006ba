"""Buyers' reviews, the creator's answers, staff hiding them, and the stored rating."""

from decimal import Decimal

from django.db import transaction
from django.db.models import Avg, Count
from django.utils import timezone
from django.utils.translation import gettext as _

from series import selectors
from series.models import Review, Series
from series.services.editing import lock_series
from series.services.refusals import NotAllowed, SeriesRefused


def _update_rating(series):
    """Store the count and average of the Series' visible reviews (the Series
    is locked by the caller, so two writes cannot interleave)."""
    figures = series.reviews.filter(hidden_at=None).aggregate(
        count=Count("pk"), average=Avg("stars")
    )
    series.rating_count = figures["count"]
    series.rating_average = (
        Decimal(figures["average"]).quantize(Decimal("0.01")) if figures["count"] else None
    )
    series.save(update_fields=["rating_count", "rating_average"])


@transaction.atomic
def save_review(*, series, buyer, stars, text=""):
    """Create or edit ``buyer``'s one review of ``series``. Only a buyer who
    still owns it (not refunded) may, and never the creator; a hidden review
    stays hidden when edited."""
    series = lock_series(series)
    if series.creator.user_id == buyer.pk or not selectors.has_bought(buyer, series):
        raise NotAllowed(_("Only people who bought this Series can review it."))
    if not 1 <= stars <= 5:
        raise SeriesRefused(_("Give from 1 to 5 stars."), field="stars")
    review, _created = Review.objects.update_or_create(
        series=series, buyer=buyer, defaults={"stars": stars, "text": text.strip()}
    )
    _update_rating(series)
    return review


@transaction.atomic
def answer_review(*, review, creator_user, text):
    """The Series' creator answers a review, once."""
    series = lock_series(review.series)
    if series.creator.user_id != creator_user.pk:
        raise NotAllowed(_("Only the creator of the Series can answer its reviews."))
    review = Review.objects.select_for_update().get(pk=review.pk)
    if review.answered_at:
        raise SeriesRefused(_("You have already answered this review."))
    if not text.strip():
        raise SeriesRefused(_("Write your answer."), field="answer")
    review.answer, review.answered_at = text.strip(), timezone.now()
    review.save(update_fields=["answer", "answered_at"])
    return review


@transaction.atomic
def hide_review(*, review, staff, reason):
    """Staff hide a review from the page and from the rating, recording who,
    when and why. Returns False when it was already hidden."""
    if not staff.is_staff:
        raise NotAllowed(_("Only staff hide reviews."))
    if not reason.strip():
        raise SeriesRefused(_("Say why the review is hidden."), field="hidden_reason")
    series = lock_series(review.series)
    review = Review.objects.select_for_update().get(pk=review.pk)
    if review.is_hidden:
        return False
    review.hidden_at, review.hidden_by, review.hidden_reason = timezone.now(), staff, reason.strip()
    review.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    _update_rating(series)
    return True


def show_review(*, review, staff):
    """Staff put a hidden review back on the page and into the rating (it was
    hidden by mistake). A review whose buyer no longer owns the Series (the
    purchase was refunded) stays hidden: only buyers review. Returns the reason
    it had been hidden, or None when it was not hidden."""
    if not staff.is_staff:
        raise NotAllowed(_("Only staff show hidden reviews."))
    series = lock_series(review.series)
    review = Review.objects.select_for_update().select_related("buyer").get(pk=review.pk)
    if not review.is_hidden:
        return None
    if not selectors.has_bought(review.buyer, series):
        raise SeriesRefused(_("Its buyer no longer owns the Series, so the review stays hidden."))
    reason = review.hidden_reason
    review.hidden_at, review.hidden_by, review.hidden_reason = None, None, ""
    review.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    _update_rating(series)
    return reason


def rating_after_review_deleted(sender, instance, **kwargs):
    """Receiver for a review's delete, whoever deletes it (the account's
    deletion, the admin, a cascade): the stored rating counts the visible
    reviews left. Runs in the deleting transaction, the Series locked."""
    if instance.hidden_at is not None:
        return  # a hidden review was not counted
    series = Series.objects.select_for_update().filter(pk=instance.series_id).first()
    if series is not None:
        _update_rating(series)
