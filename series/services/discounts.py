"""Limited-time discounts of a Series."""

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from series.models import Discount
from series.pricing import DISCOUNT_TIME_ZONE, discounted_price, validate_discount_price
from series.services.editing import lock_series
from series.services.refusals import SeriesRefused, refused_when_invalid


@transaction.atomic
def create_discount(*, series, starts_at, ends_at, percent=None, price=None, now=None):
    """A limited-time discount of ``series``: ``percent`` off or a new ``price``
    (exactly one), from ``starts_at`` until ``ends_at``.

    Refused (``SeriesRefused``) when it ends before it starts or is already
    over, when the price it gives is not below the full price or is below the
    currency's lowest price, or when it overlaps another discount of the Series:
    at most one discount applies at a time, checked under the Series' lock."""
    now = now or timezone.now()
    series = lock_series(series)
    if (percent is None) == (price is None):
        raise SeriesRefused(_("Give either a percentage or a new price."))
    if ends_at <= starts_at:
        raise SeriesRefused(_("The offer must end after it starts."), field="ends_at")
    if ends_at <= now:
        raise SeriesRefused(_("The offer must end in the future."), field="ends_at")
    if percent is not None:
        if not 1 <= percent <= 99:
            raise SeriesRefused(_("Give a percentage from 1 to 99."), field="percent")
        price = discounted_price(price=series.price, currency=series.currency, percent=percent)
    with refused_when_invalid():
        validate_discount_price(price=price, full_price=series.price, currency=series.currency)
    overlapping = series.discounts.filter(starts_at__lt=ends_at, ends_at__gt=starts_at).first()
    if overlapping:
        raise SeriesRefused(
            _(
                "This Series already has a discount from %(start)s to %(end)s. A Series has "
                "one discount at a time: end that one first or choose other dates."
            )
            % {
                "start": _jakarta(overlapping.starts_at),
                "end": _jakarta(overlapping.ends_at),
            }
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
