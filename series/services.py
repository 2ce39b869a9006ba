"""Every change to Series, episodes, purchases and reviews. Views, the admin, the payment
signal and tests call these; each runs in one transaction."""

from contextlib import contextmanager
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.filebased import FileBasedCache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import locks
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count, F
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from redis.exceptions import RedisError

from core.emails import absolute_url, email_user
from core.images import normalise_photo
from core.money import share
from payments import ledger
from payments.models import Account, LedgerEntry
from payments.services import create_payment
from series import selectors
from series.models import (
    CREATOR,
    MAX_EPISODES,
    STAFF,
    DailyStats,
    Discount,
    Episode,
    Purchase,
    Review,
    Series,
    StatusChange,
    Submission,
)
from series.pricing import (
    DISCOUNT_TIME_ZONE,
    discounted_price,
    offer,
    validate_discount_price,
    validate_price,
)
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


def _refuse_while_in_review(series):
    if series.status == Series.Status.IN_REVIEW:
        raise ValidationError(
            _("This Series is waiting for review. Withdraw it from review to change it."),
            code="in_review",
        )


def _pending_changes(series, actor):
    """The Series' pending changes submission, made when the first change of an
    approved Series arrives; its submission time moves to the latest change."""
    submission = series.submissions.filter(status=Submission.Status.PENDING).first()
    if submission is None:
        submission = Submission(
            series=series,
            kind=Submission.Kind.CHANGES,
            title=series.title,
            description=series.description,
            submitted_by=actor,
        )
    submission.submitted_at = timezone.now()
    return submission


@transaction.atomic
def update_series(*, series, title, description, price, currency, cover=None, actor=None):
    """Save the creator's changes. A Series that was ever published keeps its price
    and currency; earlier purchases keep the price they were paid at regardless.

    Before approval the changes apply at once. Once staff approved the Series, a
    changed title, description or cover waits in the pending ``Submission``
    while the approved version stays on sale. Nothing changes while the Series
    is waiting for its first review."""
    series = _lock(series)
    _refuse_while_in_review(series)
    if series.price_is_locked and (price != series.price or currency != series.currency):
        raise ValidationError(
            {"price": _("The price cannot change once the Series has been published.")},
            code="price_locked",
        )
    validate_price(price=price, currency=currency)
    if not series.is_approved:
        series.title, series.description = title, description
        series.price, series.currency = price, currency
        if cover is not None:
            series.cover = normalise_photo(cover)
        series.save()
        return series
    pending = series.submissions.filter(status=Submission.Status.PENDING).first()
    current = pending or series
    if (title, description) == (current.title, current.description) and cover is None:
        return series
    submission = _pending_changes(series, actor or series.creator.user)
    submission.title, submission.description = title, description
    if cover is not None:
        submission.cover = normalise_photo(cover)
    submission.save()
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
    _refuse_while_in_review(series)
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
    if series.is_approved:
        # The new episode waits for staff with the Series' other pending changes.
        _pending_changes(series, series.creator.user).save()
    return episode


@transaction.atomic
def update_episode(*, episode, title, is_free_preview):
    """Rename an episode or make it a free preview. The free-preview switch
    applies at once; a new title of an approved episode waits for review."""
    series = _lock(episode.series)
    _refuse_while_in_review(series)
    # A fresh copy: a bound form has already written the new title on ``episode``.
    episode = Episode.objects.get(pk=episode.pk)
    episode.is_free_preview = is_free_preview
    if episode.approved_at is None:
        episode.title = title
    else:
        pending = series.submissions.filter(status=Submission.Status.PENDING).first()
        proposed = pending.episode_titles.get(str(episode.pk)) if pending else None
        if title != (proposed or episode.title):
            submission = _pending_changes(series, series.creator.user)
            if title == episode.title:
                submission.episode_titles.pop(str(episode.pk), None)
            else:
                submission.episode_titles[str(episode.pk)] = title
            submission.save()
    episode.save(update_fields=["title", "is_free_preview"])
    return episode


def _renumber(episodes):
    """Number ``episodes`` 1, 2, 3… in the order given, in one UPDATE statement
    (the unique number is checked once it has run)."""
    for position, episode in enumerate(episodes, start=1):
        episode.position = position
    Episode.objects.bulk_update(episodes, ["position"])


@transaction.atomic
def reorder_episodes(*, series, episode_ids, actor=None):
    """Put the Series' episodes in the order of ``episode_ids`` (which must list
    each of its episodes once).

    Before approval they are renumbered 1, 2, 3… at once. Once staff approved
    the Series, the order is proposed in the pending ``Submission`` and buyers
    keep the approved order until staff approve it; proposing the approved
    order again drops the proposal."""
    series = _lock(series)
    _refuse_while_in_review(series)
    episodes = list(series.episodes.order_by("position"))
    if sorted(episode_ids) != sorted(episode.pk for episode in episodes):
        raise ValidationError(_("The list of episodes changed; reload the page and try again."))
    if not series.is_approved:
        by_id = {episode.pk: episode for episode in episodes}
        _renumber([by_id[episode_id] for episode_id in episode_ids])
        return
    pending = selectors.pending_submission(series)
    proposed = [episode.pk for episode in selectors.in_proposed_order(episodes, pending)]
    if episode_ids == proposed:
        return
    submission = _pending_changes(series, actor or series.creator.user)
    approved_order = [episode.pk for episode in episodes]
    submission.episode_order = [] if episode_ids == approved_order else list(episode_ids)
    submission.save()


@transaction.atomic
def delete_episode(*, episode, actor=None):
    """Delete an episode, or propose its removal. Returns True when it is
    deleted now, False when its removal waits for staff.

    An episode of a Series never approved, or one added since the last
    approval, is deleted at once with its file, closing the gap in the
    numbering. An approved episode of an approved Series stays on sale, to
    buyers too, and is marked for removal in the pending ``Submission``; staff's
    approval deletes it and its file. A published Series keeps at least one
    episode that is not marked for removal (it cannot be on sale empty)."""
    series = _lock(episode.series)
    _refuse_while_in_review(series)
    pending = selectors.pending_submission(series)
    marked = set(pending.episodes_to_remove) if pending else set()
    remaining = series.episodes.exclude(pk=episode.pk).exclude(pk__in=marked)
    if series.is_published and not remaining.exists():
        raise ValidationError(
            _("A published Series needs at least one episode; unpublish it first."),
            code="last_episode",
        )
    if series.is_approved and episode.approved_at:
        if episode.pk not in marked:
            submission = _pending_changes(series, actor or series.creator.user)
            submission.episodes_to_remove.append(episode.pk)
            submission.save()
        return False
    if pending:
        pending.episode_titles.pop(str(episode.pk), None)
        if episode.pk in pending.episode_order:
            pending.episode_order.remove(episode.pk)
        pending.save(update_fields=["episode_titles", "episode_order"])
    episode.delete()
    transaction.on_commit(lambda: episode.video.delete(save=False))
    _renumber(list(series.episodes.order_by("position")))
    return True


@transaction.atomic
def keep_episode(*, episode):
    """Withdraw the proposed removal of an approved episode. Returns False when
    its removal was not proposed."""
    series = _lock(episode.series)
    pending = selectors.pending_submission(series)
    if pending is None or episode.pk not in pending.episodes_to_remove:
        return False
    pending.episodes_to_remove.remove(episode.pk)
    pending.save(update_fields=["episodes_to_remove"])
    return True


def _move(series, to_status, actor):
    StatusChange.objects.create(
        series=series, from_status=series.status, to_status=to_status, actor=actor
    )
    series.status = to_status
    series.save(update_fields=["status", "published_at", "approved_at", "updated_at"])


@transaction.atomic
def change_status(*, series, to_status, actor):
    """Make one of the creator's moves along ``Series.TRANSITIONS``, recording
    who and when: submit for review (at least one episode needed), withdraw
    from review, take off sale, or put an approved Series back on sale. Going on
    sale for the first time is staff's move (``decide_submission``)."""
    series = _lock(series)
    if not series.can_become(to_status, CREATOR):
        raise ValidationError(
            _("A Series that is %(current)s cannot become %(target)s.")
            % {
                "current": series.get_status_display().lower(),
                "target": Series.Status(to_status).label.lower(),
            },
            code="bad_transition",
        )
    if to_status == Series.Status.IN_REVIEW:
        if not series.episodes.exists():
            raise ValidationError(
                _("Add at least one episode before submitting for review."), code="no_episodes"
            )
        Submission.objects.create(
            series=series,
            kind=Submission.Kind.PUBLICATION,
            submitted_by=actor,
            submitted_at=timezone.now(),
        )
    elif series.status == Series.Status.IN_REVIEW:
        series.submissions.filter(status=Submission.Status.PENDING).update(
            status=Submission.Status.WITHDRAWN
        )
    _move(series, to_status, actor)
    return series


@transaction.atomic
def decide_submission(*, submission, staff, approve, reason=""):
    """Staff approve or reject a pending submission, and the creator is emailed
    (in their language) either way. Approving a first publication puts the
    Series on sale with all its episodes; approving changes applies the proposed
    title, description, cover and episode titles, deletes the episodes proposed
    for removal (and their files), applies the proposed order and approves the
    new episodes. Rejecting needs a reason, changes nothing public and drops
    the proposed removals and order with the submission."""
    if not staff.is_staff:
        raise PermissionDenied(_("Only staff review Series."))
    series = _lock(submission.series)
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if not submission.is_pending:
        raise ValidationError(_("This submission has already been decided."), code="decided")
    reason = reason.strip()
    if not approve and not reason:
        raise ValidationError(
            {"reason": _("Say why it is rejected: the creator reads the reason.")},
            code="reason_required",
        )
    now = timezone.now()
    submission.status = Submission.Status.APPROVED if approve else Submission.Status.REJECTED
    submission.reason, submission.decided_by, submission.decided_at = reason, staff, now
    submission.save(update_fields=["status", "reason", "decided_by", "decided_at"])
    if submission.kind == Submission.Kind.PUBLICATION:
        if not series.can_become(Series.Status.PUBLISHED, STAFF):
            raise ValidationError(
                _("This Series is not waiting for review."), code="bad_transition"
            )
        if approve:
            series.published_at = series.published_at or now
            series.approved_at = series.approved_at or now
            series.episodes.filter(approved_at=None).update(approved_at=now)
        _move(series, Series.Status.PUBLISHED if approve else Series.Status.REJECTED, staff)
    elif approve:
        _apply_changes(series, submission, now)
    email_user(
        series.creator.user,
        f"series/emails/submission_{submission.status}",
        {
            "submission": submission,
            "series": series,
            "manage_url": absolute_url(reverse("series:manage", args=[series.pk])),
        },
    )
    return submission


def _apply_changes(series, submission, now):
    series.title, series.description = submission.title, submission.description
    if submission.cover:
        series.cover = submission.cover
    series.save(update_fields=["title", "description", "cover", "updated_at"])
    episodes = list(series.episodes.filter(pk__in=[int(pk) for pk in submission.episode_titles]))
    for episode in episodes:
        episode.title = submission.episode_titles[str(episode.pk)]
    Episode.objects.bulk_update(episodes, ["title"])
    _remove_episodes(series, submission.episodes_to_remove)
    _renumber(selectors.in_proposed_order(series.episodes.order_by("position"), submission))
    new_episodes = list(series.episodes.filter(approved_at=None).values_list("pk", flat=True))
    series.episodes.filter(pk__in=new_episodes).update(approved_at=now)
    if new_episodes:
        from series.tasks import notify_buyers_of_new_episodes

        transaction.on_commit(
            lambda: notify_buyers_of_new_episodes.delay(
                series_id=series.pk, episode_ids=new_episodes
            )
        )


def _remove_episodes(series, episode_ids):
    """Delete the Series' episodes ``episode_ids``: they leave the public page
    and the watch pages, for buyers too, and their files go once committed."""
    removed = list(series.episodes.filter(pk__in=episode_ids))
    if not removed:
        return
    series.episodes.filter(pk__in=[episode.pk for episode in removed]).delete()

    def delete_files():
        for episode in removed:
            episode.video.delete(save=False)

    transaction.on_commit(delete_files)


def start_purchase(*, series, buyer, attempt, return_url, now=None):
    """Ask the payment provider for the Series' price at ``now`` (its discounted
    price while a discount runs). One payment per buyer, Series, ``attempt``
    (the buy form's key) and amount, so a double-click or a resent form never
    charges twice, and a form resent after an offer ended asks for the new
    price; access comes only with ``record_purchase``, at the payment's amount."""
    if series.creator.user_id == buyer.pk:
        raise ValidationError(_("This is your own Series."), code="own_series")
    if selectors.has_bought(buyer, series):
        raise ValidationError(_("You already own this Series."), code="already_owned")
    if not series.is_published:
        raise ValidationError(_("This Series is not on sale."), code="not_on_sale")
    price = offer(series, now).price
    return create_payment(
        payer=buyer,
        amount=price,
        currency=series.currency,
        description=_("Series: %(title)s") % {"title": series.title},
        purpose=PURCHASE_PURPOSE,
        purpose_reference=str(series.pk),
        idempotency_key=f"series:{series.pk}:{buyer.pk}:{attempt}:{price}",
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
        # The provider's fee comes first; the platform's share never takes the
        # creator's net below zero.
        platform_fee=min(
            share(payment.amount, settings.SERIES_PLATFORM_SHARE_PERCENT),
            payment.amount - payment.fee,
        ),
        payment_fee=payment.fee,
        status=Purchase.Status.DUPLICATE if owned else Purchase.Status.PAID,
        paid_at=payment.completed_at or timezone.now(),
    )
    ledger.post(
        LedgerEntry.Kind.SALE,
        _sale_lines(purchase, series),
        currency=purchase.currency,
        reference=f"sale:{payment.reference}",
        creator_id=series.creator_id,
        payment_reference=str(payment.reference),
        created_by_id=payment.payer_id,
    )
    if purchase.status == Purchase.Status.PAID:
        add_to_daily_stats(
            series_id=series.pk,
            day=timezone.localdate(purchase.paid_at),
            purchases=1,
            revenue=purchase.price,
        )
        _email_buyer(purchase, "purchase")
    return purchase


@transaction.atomic
def refund_purchase(*, purchase, staff):
    """Mark a purchase refunded by ``staff``: the buyer loses access at once.
    Returns False when it was already refunded."""
    purchase = Purchase.objects.select_for_update().get(pk=purchase.pk)
    if not purchase.can_become(Purchase.Status.REFUNDED):
        return False
    if purchase.status == Purchase.Status.PAID:
        # A refunded duplicate was never counted as a sale, so it is no refund either.
        add_to_daily_stats(
            series_id=purchase.series_id,
            day=timezone.localdate(),
            refunds=1,
            refunded=purchase.price,
        )
    series = Series.objects.only("creator_id").get(pk=purchase.series_id)
    ledger.post(
        LedgerEntry.Kind.REFUND,
        [(account, -amount) for account, amount in _sale_lines(purchase, series)],
        currency=purchase.currency,
        reference=f"refund:{purchase.payment_reference}",
        creator_id=series.creator_id,
        payment_reference=str(purchase.payment_reference),
        created_by=staff,
    )
    purchase.status = Purchase.Status.REFUNDED
    purchase.refunded_at = timezone.now()
    purchase.refunded_by = staff
    purchase.save(update_fields=["status", "refunded_at", "refunded_by"])
    review = Review.objects.filter(series_id=purchase.series_id, buyer_id=purchase.buyer_id).first()
    if review and not selectors.has_bought(purchase.buyer, purchase.series):
        # A refunded buyer's review leaves the page and the rating, on record.
        hide_review(review=review, staff=staff, reason=_("The purchase was refunded."))
    _email_buyer(purchase, "refund")
    return True


def _sale_lines(purchase, series):
    """The ledger lines of a sale: the buyer's money splits into the creator's
    earnings, the platform's share and the payment provider's fee. A duplicate
    payment is owed back to the buyer instead. A refund posts the same lines negated."""
    if purchase.status == Purchase.Status.DUPLICATE:
        shares = [(Account.Kind.REFUNDS_DUE, {}, purchase.price)]
    else:
        net = purchase.price - purchase.platform_fee - purchase.payment_fee
        shares = [
            (Account.Kind.CREATOR_EARNINGS, {"creator": series.creator_id}, net),
            (Account.Kind.PLATFORM_FEES, {}, purchase.platform_fee),
            (Account.Kind.PAYMENT_FEES, {}, purchase.payment_fee),
        ]
    paid_in, *shared_to = ledger.accounts(
        {"kind": Account.Kind.MONEY_IN, "currency": purchase.currency},
        *(
            {"kind": kind, "currency": purchase.currency, **owners}
            for kind, owners, _amount in shares
        ),
    )
    return [(paid_in, -purchase.price)] + [
        (account, amount) for account, (*_share, amount) in zip(shared_to, shares, strict=True)
    ]


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


@transaction.atomic
def create_discount(*, series, starts_at, ends_at, percent=None, price=None, now=None):
    """A limited-time discount of ``series``: ``percent`` off or a new ``price``
    (exactly one), from ``starts_at`` until ``ends_at``.

    Refused (``ValidationError``) when it ends before it starts or is already
    over, when the price it gives is not below the full price or is below the
    currency's lowest price, or when it overlaps another discount of the Series:
    at most one discount applies at a time, checked under the Series' lock."""
    now = now or timezone.now()
    series = _lock(series)
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
    _lock(discount.series)
    if discount.starts_at > now:
        discount.delete()
    elif discount.ends_at > now:
        discount.ends_at = now
        discount.save(update_fields=["ends_at"])


def _jakarta(moment):
    return formats.date_format(timezone.localtime(moment, DISCOUNT_TIME_ZONE), "DATETIME_FORMAT")


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
    series = _lock(series)
    if series.creator.user_id == buyer.pk or not selectors.has_bought(buyer, series):
        raise PermissionDenied(_("Only people who bought this Series can review it."))
    if not 1 <= stars <= 5:
        raise ValidationError({"stars": _("Give from 1 to 5 stars.")}, code="stars")
    review, _created = Review.objects.update_or_create(
        series=series, buyer=buyer, defaults={"stars": stars, "text": text.strip()}
    )
    _update_rating(series)
    return review


@transaction.atomic
def answer_review(*, review, creator_user, text):
    """The Series' creator answers a review, once."""
    series = _lock(review.series)
    if series.creator.user_id != creator_user.pk:
        raise PermissionDenied(_("Only the creator of the Series can answer its reviews."))
    review = Review.objects.select_for_update().get(pk=review.pk)
    if review.answered_at:
        raise ValidationError(_("You have already answered this review."), code="answered")
    if not text.strip():
        raise ValidationError({"answer": _("Write your answer.")}, code="empty_answer")
    review.answer, review.answered_at = text.strip(), timezone.now()
    review.save(update_fields=["answer", "answered_at"])
    return review


@transaction.atomic
def hide_review(*, review, staff, reason):
    """Staff hide a review from the page and from the rating, recording who,
    when and why. Returns False when it was already hidden."""
    if not staff.is_staff:
        raise PermissionDenied(_("Only staff hide reviews."))
    if not reason.strip():
        raise ValidationError({"hidden_reason": _("Say why the review is hidden.")})
    series = _lock(review.series)
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
        raise PermissionDenied(_("Only staff show hidden reviews."))
    series = _lock(review.series)
    review = Review.objects.select_for_update().select_related("buyer").get(pk=review.pk)
    if not review.is_hidden:
        return None
    if not selectors.has_bought(review.buyer, series):
        raise ValidationError(_("Its buyer no longer owns the Series, so the review stays hidden."))
    reason = review.hidden_reason
    review.hidden_at, review.hidden_by, review.hidden_reason = None, None, ""
    review.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    _update_rating(series)
    return reason


# --- Analytics ------------------------------------------------------------

COUNTED_EVENTS = {"page_views", "preview_plays", "episode_starts", "episode_completions"}
COUNTER_TIMEOUT = 3 * 24 * 60 * 60


def add_to_daily_stats(*, series_id, day, **increments):
    """Add ``increments`` (field: amount) to the Series' figures of ``day``,
    creating the row on its first event; safe against concurrent writers."""
    DailyStats.objects.get_or_create(series_id=series_id, day=day)
    DailyStats.objects.filter(series_id=series_id, day=day).update(
        **{field: F(field) + amount for field, amount in increments.items()}
    )


def _counter_key(day, series_id, event):
    return f"series-stats:{day.isoformat()}:{series_id}:{event}"


class _CachedCounters:
    """The counters in the cache, when every process shares it (Redis): an
    increment is one atomic command there."""

    def __init__(self, store):
        self.store = store

    def incr(self, key):
        self.store.add(key, 0, timeout=COUNTER_TIMEOUT)
        self.store.incr(key)

    def decr(self, key, amount):
        self.store.decr(key, amount)

    def get_many(self, keys):
        return self.store.get_many(keys)


class _FileCounters(_CachedCounters):
    """The counters in files under ``SERIES_PRIVATE_ROOT``, for the embedded
    default, whose in-memory cache each process keeps to itself: the web server
    counts and the worker flushes, so both must see the same counts. One lock
    file makes each increment and decrement atomic, as a Redis command is."""

    def __init__(self, folder):
        super().__init__(
            FileBasedCache(
                str(folder),
                # incr() and decr() write the value again with the default timeout.
                {"TIMEOUT": COUNTER_TIMEOUT, "OPTIONS": {"MAX_ENTRIES": 1_000_000}},
            )
        )
        self.lock_path = folder / "lock"

    @contextmanager
    def _locked(self):
        with open(self.lock_path, "ab") as lock_file:
            locks.lock(lock_file, locks.LOCK_EX)
            try:
                yield
            finally:
                locks.unlock(lock_file)

    def incr(self, key):
        with self._locked():
            super().incr(key)

    def decr(self, key, amount):
        with self._locked():
            super().decr(key, amount)


def _counters():
    """Where events are counted until the flush: a store that the web processes
    and the worker share, whichever the setup."""
    if settings.CACHES["default"]["BACKEND"].endswith("LocMemCache"):
        return _FileCounters(Path(settings.SERIES_PRIVATE_ROOT) / "counters")
    return _CachedCounters(cache)


def count_event(*, series_id, event, now=None):
    """Count one page view, preview play, episode start or completion.

    In the request this is one atomic increment in Redis, or in a counter file
    on the embedded default (no database write, no row lock);
    ``flush_event_counters`` moves the counts into ``DailyStats`` every minute."""
    if event not in COUNTED_EVENTS:
        raise ValueError(event)
    day = timezone.localdate(now)
    try:
        _counters().incr(_counter_key(day, series_id, event))
    except (RedisError, OSError):
        # The store is unreachable: count it in the database instead of failing the page.
        add_to_daily_stats(series_id=series_id, day=day, **{event: 1})


def flush_event_counters(*, now=None):
    """Move the counts of today and yesterday into ``DailyStats``.

    Each count is subtracted from its counter (not reset) once written, so
    events that arrive during the flush are kept for the next one; running it
    twice adds nothing twice. Returns the number of events moved."""
    today = timezone.localdate(now)
    days = [today - timedelta(days=1), today]
    series_ids = list(Series.objects.exclude(approved_at=None).values_list("pk", flat=True))
    keys = {
        _counter_key(day, series_id, event): (day, series_id, event)
        for day in days
        for series_id in series_ids
        for event in COUNTED_EVENTS
    }
    counters = _counters()
    moved = 0
    for key, count in counters.get_many(list(keys)).items():
        if not count:
            continue
        day, series_id, event = keys[key]
        with transaction.atomic():
            add_to_daily_stats(series_id=series_id, day=day, **{event: count})
        counters.decr(key, count)
        moved += count
    return moved


# --- Notifications --------------------------------------------------------


@transaction.atomic
def set_new_episode_emails(*, series, buyer, enabled):
    """Turn the buyer's emails about new episodes of ``series`` on or off.
    Returns False when they do not own it."""
    return bool(
        Purchase.objects.filter(series=series, buyer=buyer, status=Purchase.Status.PAID).update(
            notify_new_episodes=enabled
        )
    )


def notify_buyers_of_new_episodes(*, series_id, episode_ids):
    """Email every buyer who owns the Series and did not turn these emails off,
    in their language, about the newly approved ``episode_ids``.

    The episodes are marked under a row lock first, so a task delivered twice
    emails nobody twice. Returns the number of buyers emailed."""
    with transaction.atomic():
        episodes = list(
            Episode.objects.select_for_update()
            .filter(pk__in=episode_ids, series_id=series_id, buyers_notified_at=None)
            .exclude(approved_at=None)
            .order_by("position")
        )
        if not episodes:
            return 0
        Episode.objects.filter(pk__in=[episode.pk for episode in episodes]).update(
            buyers_notified_at=timezone.now()
        )
        series = Series.objects.get(pk=series_id)
        buyers = [
            purchase.buyer
            for purchase in Purchase.objects.filter(
                series_id=series_id, status=Purchase.Status.PAID, notify_new_episodes=True
            ).select_related("buyer")
        ]
        context = {
            "series": series,
            "episodes": episodes,
            "series_url": absolute_url(series.get_absolute_url()),
        }
        for buyer in buyers:
            email_user(buyer, "series/emails/new_episodes", context)
    return len(buyers)
