"""Purchases: checkout, the paid purchase and its refund, with their ledger postings."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.money import share
from payments import ledger
from payments.models import Account, LedgerEntry, Payment
from payments.services import create_payment, refund_payment
from series import selectors
from series.models import STAFF, Purchase, Review, Series
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
    """Mark a purchase refunded by ``staff``: the buyer loses access at once.
    Returns False when it was already refunded. What is left of its payment is
    given back through the gateway (or recorded for staff to pay by transfer);
    the gateway refusing raises ``payments.services.RefundRefused`` and
    changes nothing."""
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
    email_buyer(purchase, "refund")
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
