"""Limited-time discounts of a Series."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from series.models import Discount
from series.pricing import DISCOUNT_TIME_ZONE, discounted_price, validate_discount_price
from series.services.editing import lock_series


@transaction.atomic
def create_discount(*, series, starts_at, ends_at, percent=None, price=None, now=None):
    """A limited-time discount of ``series``: ``percent`` off or a new ``price``
    (exactly one), from ``starts_at`` until ``ends_at``.

    Refused (``ValidationError``) when it ends before it starts or is already
    over, when the price it gives is not below the full price or is below the
    currency's lowest price, or when it overlaps another discount of the Series:
    at most one discount applies at a time, checked under the Series' lock."""
    now = now or timezone.now()
    series = lock_series(series)
    if (percent is None) == (price is None):
        raise ValidationError(_("Give either a percentage or a new price."), code="discount_kind")
    if ends_at <= starts_at:
        raise ValidationError(
            {"ends_at": _("The offer must end after it starts.")}, code="discount_dates"
        )
    if ends_at <= now:
        raise ValidationError(
            {"ends_at": _("The offer must end in the future.")}, code="discount_over"
        )
    if percent is not None:
        if not 1 <= percent <= 99:
            raise ValidationError(
                {"percent": _("Give a percentage from 1 to 99.")}, code="discount_percent"
            )
        price = discounted_price(price=series.price, currency=series.currency, percent=percent)
    validate_discount_price(price=price, full_price=series.price, currency=series.currency)
    overlapping = series.discounts.filter(starts_at__lt=ends_at, ends_at__gt=starts_at).first()
    if overlapping:
        raise ValidationError(
            _(
                "This Series already has a discount from %(start)s to %(end)s. A Series has "
                "one discount at a time: end that one first or choose other dates."
            )
            % {
                "start": _jakarta(overlapping.starts_at),
                "end": _jakarta(overlapping.ends_at),
            },
            code="discount_overlaps",
        )
    return Discount.objects.create(
        series=series,
        kind=Discount.Kind.PERCENT if percent is not None else Discount.Kind.PRICE,
        percent=percent,
        price=price,
        starts_at=starts_at,
        ends_at=ends_at,
    )


@transaction.atomic
def end_discount(*, discount, now=None):
    """End a discount now: one that has not started is deleted; a running one
    ends at this instant (buyers who started checkout before keep its price)."""
    now = now or timezone.now()
    lock_series(discount.series)
    if discount.starts_at > now:
        discount.delete()
    elif discount.ends_at > now:
        discount.ends_at = now
        discount.save(update_fields=["ends_at"])


def _jakarta(moment):
    return formats.date_format(timezone.localtime(moment, DISCOUNT_TIME_ZONE), "DATETIME_FORMAT")
