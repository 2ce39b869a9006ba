"""Every change to Series, episodes and purchases. Views, the admin, the payment
signal and tests call these; each runs in one transaction."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from creators.photos import normalise_photo
from payments.services import create_payment
from portal.emails import absolute_url, email_user
from series import selectors
from series.models import MAX_EPISODES, Episode, Purchase, Series, StatusChange
from series.pricing import fee_share, validate_price
from series.videos import episode_duration_ms

PURCHASE_PURPOSE = "series_purchase"


def _lock(series):
    """The Series row, locked until the transaction ends: episode numbers and
    status change one request at a time."""
    return Series.objects.select_for_update().get(pk=series.pk)


@transaction.atomic
def create_series(*, creator, title, description, cover, price, currency):
    """A new draft Series of ``creator``, who must be approved for the Series programme."""
    if not selectors.can_sell_series(creator):
        raise PermissionDenied(_("Only creators approved for Series can create one."))
    validate_price(price=price, currency=currency)
    return Series.objects.create(
        creator=creator,
        title=title,
        description=description,
        cover=normalise_photo(cover),
        price=price,
        currency=currency,
    )


@transaction.atomic
def update_series(*, series, title, description, price, currency, cover=None):
    """Save the creator's changes. A Series that was ever published keeps its price
    and currency; earlier purchases keep the price they were paid at regardless."""
    series = _lock(series)
    if series.price_is_locked and (price != series.price or currency != series.currency):
        raise ValidationError(
            {"price": _("The price cannot change once the Series has been published.")},
            code="price_locked",
        )
    validate_price(price=price, currency=currency)
    series.title, series.description = title, description
    series.price, series.currency = price, currency
    if cover is not None:
        series.cover = normalise_photo(cover)
    series.save()
    return series


@transaction.atomic
def add_episode(*, series, title, video, is_free_preview=False):
    """Append an episode whose duration is read from ``video`` itself.

    Refuses (``ValidationError``) a file that is not an MP4, lasts under 30 seconds
    or over 20 minutes, or an 81st episode; the Series is locked while counting,
    and the database's number constraints back the limit up.
    """
    duration_ms = episode_duration_ms(video)
    series = _lock(series)
    count = series.episodes.count()
    if count >= MAX_EPISODES:
        raise ValidationError(
            _("A Series has at most %(limit)s episodes.") % {"limit": MAX_EPISODES},
            code="too_many_episodes",
        )
    episode = Episode(
        series=series,
        title=title,
        position=count + 1,
        duration_ms=duration_ms,
        size_bytes=video.size,
        is_free_preview=is_free_preview,
    )
    episode.video.save("episode.mp4", video, save=False)
    try:
        with transaction.atomic():
            episode.save()
    except IntegrityError:
        episode.video.delete(save=False)
        raise
    return episode


@transaction.atomic
def update_episode(*, episode, title, is_free_preview):
    episode.title, episode.is_free_preview = title, is_free_preview
    episode.save(update_fields=["title", "is_free_preview"])
    return episode


@transaction.atomic
def reorder_episodes(*, series, episode_ids):
    """Number the Series' episodes 1, 2, 3… in the order of ``episode_ids``
    (which must list each of its episodes once)."""
    series = _lock(series)
    episodes = {episode.pk: episode for episode in series.episodes.all()}
    if sorted(episode_ids) != sorted(episodes):
        raise ValidationError(_("The list of episodes changed; reload the page and try again."))
    for position, episode_id in enumerate(episode_ids, start=1):
        episodes[episode_id].position = position
    # One UPDATE statement: the unique number is checked once it has run.
    Episode.objects.bulk_update(episodes.values(), ["position"])


@transaction.atomic
def delete_episode(*, episode):
    """Delete an episode and its file, and close the gap in the numbering. The
    last episode of a published Series stays (it cannot be published empty)."""
    series = _lock(episode.series)
    if series.is_published and series.episodes.count() == 1:
        raise ValidationError(
            _("A published Series needs at least one episode; unpublish it first."),
            code="last_episode",
        )
    episode.delete()
    transaction.on_commit(lambda: episode.video.delete(save=False))
    remaining = list(series.episodes.order_by("position").values_list("pk", flat=True))
    reorder_episodes(series=series, episode_ids=remaining)


@transaction.atomic
def change_status(*, series, to_status, actor):
    """Move a Series to ``to_status`` along ``Series.TRANSITIONS``, recording who
    and when. Publishing needs at least one episode."""
    series = _lock(series)
    if not series.can_become(to_status):
        raise ValidationError(
            _("A %(current)s Series cannot become %(target)s.")
            % {
                "current": series.get_status_display().lower(),
                "target": Series.Status(to_status).label.lower(),
            },
            code="bad_transition",
        )
    if to_status == Series.Status.PUBLISHED:
        if not series.episodes.exists():
            raise ValidationError(
                _("Add at least one episode before publishing."), code="no_episodes"
            )
        series.published_at = series.published_at or timezone.now()
    StatusChange.objects.create(
        series=series, from_status=series.status, to_status=to_status, actor=actor
    )
    series.status = to_status
    series.save(update_fields=["status", "published_at", "updated_at"])
    return series


def start_purchase(*, series, buyer, attempt, return_url):
    """Ask the payment provider for the Series' price. One payment per buyer,
    Series and ``attempt`` (the buy form's key), so a double-click or a resent
    form never charges twice; access comes only with ``record_purchase``."""
    if series.creator.user_id == buyer.pk:
        raise ValidationError(_("This is your own Series."), code="own_series")
    if selectors.has_bought(buyer, series):
        raise ValidationError(_("You already own this Series."), code="already_owned")
    if not series.is_published:
        raise ValidationError(_("This Series is not on sale."), code="not_on_sale")
    return create_payment(
        payer=buyer,
        amount=series.price,
        currency=series.currency,
        description=_("Series: %(title)s") % {"title": series.title},
        purpose=PURCHASE_PURPOSE,
        purpose_reference=str(series.pk),
        idempotency_key=f"series:{series.pk}:{buyer.pk}:{attempt}",
        return_url=return_url,
    )


@transaction.atomic
def record_purchase(*, payment):
    """Grant access for a paid payment, exactly once: a replayed notification
    finds the purchase of that payment and changes nothing. A second payment for
    a Series the buyer already owns is kept as a duplicate for staff to refund."""
    if payment.purpose != PURCHASE_PURPOSE:
        return None
    series = _lock(Series(pk=int(payment.purpose_reference)))
    existing = Purchase.objects.filter(payment_reference=payment.reference).first()
    if existing:
        return existing
    owned = Purchase.objects.filter(
        series=series, buyer_id=payment.payer_id, status=Purchase.Status.PAID
    ).exists()
    purchase = Purchase.objects.create(
        series=series,
        buyer_id=payment.payer_id,
        payment_reference=payment.reference,
        price=payment.amount,
        currency=payment.currency,
        platform_fee=fee_share(payment.amount, settings.SERIES_PLATFORM_SHARE_PERCENT),
        # The sandbox charges no fee; providers do not report theirs yet.
        payment_fee=0,
        status=Purchase.Status.DUPLICATE if owned else Purchase.Status.PAID,
        paid_at=payment.completed_at or timezone.now(),
    )
    if purchase.status == Purchase.Status.PAID:
        _email_buyer(purchase, "purchase")
    return purchase


@transaction.atomic
def refund_purchase(*, purchase, staff):
    """Mark a purchase refunded by ``staff``: the buyer loses access at once.
    Returns False when it was already refunded."""
    purchase = Purchase.objects.select_for_update().get(pk=purchase.pk)
    if not purchase.can_become(Purchase.Status.REFUNDED):
        return False
    purchase.status = Purchase.Status.REFUNDED
    purchase.refunded_at = timezone.now()
    purchase.refunded_by = staff
    purchase.save(update_fields=["status", "refunded_at", "refunded_by"])
    _email_buyer(purchase, "refund")
    return True


def _email_buyer(purchase, kind):
    """Email the buyer, in their language, about ``kind`` ("purchase" or "refund")
    once it is committed."""
    email_user(
        purchase.buyer,
        f"series/emails/{kind}",
        {
            "purchase": purchase,
            "series_url": absolute_url(purchase.series.get_absolute_url()),
            "library_url": absolute_url(reverse("series:library")),
        },
    )
