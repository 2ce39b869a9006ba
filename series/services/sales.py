"""Purchases: checkout, the paid purchase and its refund, with their ledger postings."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.money import share
from payments import ledger
from payments.ledger import ZERO
from payments.models import Account, LedgerEntry, Payment
from payments.services import create_payment, refund_payment
from series import selectors
from series.models import STAFF, Purchase, RefundRequest, Review, Series
from series.pricing import offer
from series.services.daily_stats import add_to_daily_stats
from series.services.editing import lock_series
from series.services.notifications import email_buyer
from series.services.ratings import hide_review
from series.services.refusals import SeriesRefused

PURCHASE_PURPOSE = "series_purchase"


def start_purchase(*, series, buyer, attempt, return_url, now=None):
    """Ask the payment provider for the Series' price at ``now`` (its discounted
    price while a discount runs). One payment per buyer, Series, ``attempt``
    (the buy form's key) and amount, so a double-click or a resent form never
    charges twice, and a form resent after an offer ended asks for the new
    price; access comes only with ``record_purchase``, at the payment's amount."""
    if series.creator.user_id == buyer.pk:
        raise SeriesRefused(_("This is your own Series."))
    if selectors.has_bought(buyer, series):
        raise SeriesRefused(_("You already own this Series."))
    if not series.is_published:
        raise SeriesRefused(_("This Series is not on sale."))
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
    series = lock_series(Series(pk=int(payment.purpose_reference)))
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
        email_buyer(purchase, "purchase")
    return purchase


@transaction.atomic
def refund_purchase(*, purchase, staff):
    """Refund a purchase in full for ``staff``: the buyer loses access at once.
    Returns False when it was already refunded. What is left of its payment is
    given back through the gateway (or recorded for staff to pay by transfer)
    by ``payments.services.refund_payment``, whose ``payment_refunded`` brings
    it back here (``book_refund``): the same path as a refund made on the
    Payment admin page. The gateway refusing raises
    ``payments.services.RefundRefused`` and changes nothing."""
    purchase = Purchase.objects.select_for_update().get(pk=purchase.pk)
    if not purchase.can_become(Purchase.Status.REFUNDED, STAFF):
        return False
    payment = Payment.objects.filter(reference=purchase.payment_reference).first()
    if payment is not None and payment.refundable > 0:
        refund_payment(
            payment_id=payment.pk,
            amount=payment.refundable,
            reason="DUPLICATE"
            if purchase.status == Purchase.Status.DUPLICATE
            else "REQUESTED_BY_CUSTOMER",
            staff=staff,
            note=f"Series purchase {purchase.pk} refunded",
        )
        return True
    if payment is None:
        # A purchase with no payment on record (older demo data): its sale is
        # reversed here, in full.
        ledger.post(
            LedgerEntry.Kind.REFUND,
            _refund_lines(purchase, _creator_of(purchase), before=ZERO, after=purchase.price),
            currency=purchase.currency,
            reference=f"refund:{purchase.payment_reference}",
            creator_id=_creator_of(purchase),
            created_by=staff,
        )
    _close(purchase, staff)
    return True


@transaction.atomic
def book_refund(*, payment, amount, refund):
    """Post the ledger entry of ``refund`` (``amount`` of a Series purchase's
    ``payment``), once per refund; when it refunds the payment in full the
    purchase is refunded too (access removed, the buyer emailed).

    A partial refund reverses the sale in proportion: the creator's earnings
    and the platform give back their shares of the refunded part, exact to the
    cent, with the rounding on the creator's line (which may go below zero
    when the money was paid out, as ``Account.MAY_GO_NEGATIVE`` allows). The
    payment provider's fee is not returned by the gateway, so the fee's share
    of the refunded part is the platform's cost: it comes out of the
    platform's fees, and the fee itself stays booked as the provider's. Refunds
    of one payment, one after another, add up to the whole sale reversed.
    Returns the purchase, or None for a payment that is no Series purchase."""
    if payment.purpose != PURCHASE_PURPOSE:
        return None
    purchase = (
        Purchase.objects.select_for_update().filter(payment_reference=payment.reference).first()
    )
    if purchase is None:
        return None
    creator_id = _creator_of(purchase)
    full = payment.status == Payment.Status.REFUNDED
    ledger.post(
        LedgerEntry.Kind.REFUND if full else LedgerEntry.Kind.PARTIAL_REFUND,
        _refund_lines(
            purchase,
            creator_id,
            before=payment.refunded_amount - amount,
            after=payment.refunded_amount,
        ),
        currency=purchase.currency,
        reference=ledger.refund_reference(refund),
        creator_id=creator_id,
        note=f"Payment {payment.reference}: {amount} refunded",
        created_by=refund.staff,
    )
    if full and purchase.can_become(Purchase.Status.REFUNDED, STAFF):
        _close(purchase, refund.staff)
    return purchase


def _creator_of(purchase):
    return Series.objects.values_list("creator_id", flat=True).get(pk=purchase.series_id)


def _close(purchase, staff):
    """Mark ``purchase`` refunded by ``staff``: access ends, the day's figures
    count the refund, a review leaves the page, and the buyer is emailed."""
    if purchase.status == Purchase.Status.PAID:
        # A refunded duplicate was never counted as a sale, so it is no refund either.
        add_to_daily_stats(
            series_id=purchase.series_id,
            day=timezone.localdate(),
            refunds=1,
            refunded=purchase.price,
        )
    purchase.status = Purchase.Status.REFUNDED
    purchase.refunded_at = timezone.now()
    purchase.refunded_by = staff
    purchase.save(update_fields=["status", "refunded_at", "refunded_by"])
    review = Review.objects.filter(series_id=purchase.series_id, buyer_id=purchase.buyer_id).first()
    if review and not selectors.has_bought(purchase.buyer, purchase.series):
        # A refunded buyer's review leaves the page and the rating, on record.
        hide_review(review=review, staff=staff, reason=_("The purchase was refunded."))
    if not purchase.refund_requests.filter(status=RefundRequest.Status.APPROVED).exists():
        # An approved request's own email tells the buyer (``refund_requests``).
        email_buyer(purchase, "refund")


def _shares(purchase, creator_id):
    """``[(account spec, amount)]``: where the buyer's money went on the sale.
    The creator's earnings, the platform's share and the payment provider's
    fee; a duplicate payment is owed back to the buyer instead."""
    if purchase.status == Purchase.Status.DUPLICATE:
        return [({"kind": Account.Kind.REFUNDS_DUE}, purchase.price)]
    return [
        ({"kind": Account.Kind.CREATOR_EARNINGS, "creator": creator_id}, purchase.net),
        ({"kind": Account.Kind.PLATFORM_FEES}, purchase.platform_fee),
        ({"kind": Account.Kind.PAYMENT_FEES}, purchase.payment_fee),
    ]


def _moves(purchase, shares, *, back=False):
    """Ledger lines moving each share from the money received (or, ``back``,
    to it)."""
    paid_in = {"kind": Account.Kind.MONEY_IN, "currency": purchase.currency}
    return ledger.moves(
        [
            (spec | {"currency": purchase.currency}, paid_in, amount)
            if back
            else (paid_in, spec | {"currency": purchase.currency}, amount)
            for spec, amount in shares
        ]
    )


def _sale_lines(purchase, series):
    """The ledger lines of a sale: the buyer's money splits as ``_shares`` says."""
    return _moves(purchase, _shares(purchase, series.creator_id))


def _refund_lines(purchase, creator_id, *, before, after):
    """The lines giving back the slice ``before``..``after`` of the price (see
    ``book_refund``): the platform's part is its share and the fee's
    (``ledger.part_of``), the creator's the rest of the slice."""
    shares = _shares(purchase, creator_id)
    if purchase.status != Purchase.Status.DUPLICATE:
        (creator, _net), (platform, _fee), _provider = shares
        platform_part = ledger.part_of(
            purchase.platform_fee + purchase.payment_fee,
            whole=purchase.price,
            before=before,
            after=after,
        )
        shares = [(creator, after - before - platform_part), (platform, platform_part)]
    else:
        shares = [(shares[0][0], after - before)]
    return _moves(purchase, shares, back=True)
