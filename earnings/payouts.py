"""Writes of a payout's life after it is made: sending it, booking the
provider's answers once, the hourly resend, and the provider's notifications.

A payout is ``processing`` from the moment its amount leaves the creator's
available money (``payout:<id>``) until the provider says where it ended:
``paid`` (``payout_paid:<id>``, the money left the platform), ``failed``
(``payout_failed:<id>``, the money is available again), or, after paid, sent
back by the bank: ``reversed`` (``payout_reversed:<id>``, available again).
Each is booked once, with the creator's row and the payout's locked.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core.emails import absolute_url, email_user
from creators.models.profiles import CreatorProfile
from earnings.models import PAYOUT_REVERSED, Payout, PayoutNotification
from earnings.providers import (
    PayoutProviderError,
    PayoutRefused,
    PayoutResult,
    get_payout_provider,
)
from payments import ledger
from payments.models import Account, LedgerEntry

logger = logging.getLogger(__name__)

Kind = Account.Kind
Outcome = PayoutNotification.Outcome


def _lock(creator_id):
    """Lock the creator's profile row: the lock that guards their money."""
    return CreatorProfile.objects.select_for_update().select_related("user").get(pk=creator_id)


def _creator_spec(kind, currency, profile):
    """The creator's account of ``kind`` in ``currency`` (``ledger.accounts`` spec)."""
    return {"kind": kind, "currency": currency, "creator": profile}


def send_payout(*, payout_id):
    """Ask the payout provider about a processing payout and record its
    answer. A payout the provider already knows (it has the provider's
    reference) is looked up, not sent again; one it may not know is sent with
    the payout's reference as idempotency key, so a payout sent twice is paid
    once. A payout no longer processing is left alone. A payout the provider
    refuses outright (an account it does not take) fails; a provider that does
    not answer raises ``PayoutUnavailable`` and leaves the payout processing.
    Returns the payout."""
    payout = Payout.objects.get(pk=payout_id)
    if payout.status != Payout.Status.PROCESSING:
        return payout
    provider = get_payout_provider()
    if payout.provider_reference and payout.provider == provider.name:
        result = provider.lookup(provider_reference=payout.provider_reference)
    else:
        try:
            result = provider.send(
                reference=payout.reference,
                amount=payout.amount,
                currency=payout.currency,
                method=payout.method_snapshot,
            )
        except PayoutRefused as refusal:
            result = PayoutResult(failure_code=Payout.Failure.REJECTED, failure_reason=str(refusal))
    return record_payout_result(payout_id=payout.pk, result=result, provider=provider.name)


def record_payout_result(*, payout_id, result, provider):
    """Book the provider's answer once (see ``book``). Returns the payout."""
    return book(payout_id=payout_id, result=result, provider=provider)[0]


def _post(kind, source, destination, *, payout, profile, note=""):
    currency = payout.currency
    ledger.post(
        kind,
        ledger.moves([(source, destination, payout.amount)]),
        currency=currency,
        reference=f"{kind}:{payout.pk}",
        creator=profile,
        note=note[:300],
    )


def _email(profile, payout, status):
    fix = status in (Payout.Status.FAILED, Payout.Status.REVERSED)
    email_user(
        profile.user,
        f"earnings/emails/payout_{status}",
        {
            "payout": payout,
            "url": absolute_url(reverse("earnings:payout_method" if fix else "earnings:index")),
        },
    )


def book(*, payout_id, result, provider):
    """Book the provider's answer once, with the creator's and the payout's rows
    locked. Still on its way: the provider's reference is kept, nothing moves.
    Paid moves the money out of the platform; failed returns it to the
    creator's available money and emails them what to fix; reversed (after
    paid, or straight from processing: paid then sent back) returns it too.
    An answer that is not news (a duplicate, or older than what is booked)
    changes nothing. Returns ``(payout, booked)``."""
    with transaction.atomic():
        creator_id = Payout.objects.values_list("creator_id", flat=True).get(pk=payout_id)
        profile = _lock(creator_id)
        payout = Payout.objects.select_for_update().get(pk=payout_id)
        currency = payout.currency
        on_the_way = _creator_spec(Kind.PAYOUTS, currency, profile)
        earnings = _creator_spec(Kind.CREATOR_EARNINGS, currency, profile)
        out = {"kind": Kind.MONEY_OUT, "currency": currency}
        Status = Payout.Status
        if result.pending:
            if payout.status == Status.PROCESSING and (
                payout.provider,
                payout.provider_reference,
            ) != (provider, result.provider_reference):
                payout.provider = provider
                payout.provider_reference = result.provider_reference
                payout.save(update_fields=["provider", "provider_reference"])
            return payout, False
        was = payout.status
        if payout.can_become(Status.PAID) and (result.paid or result.reversed):
            # Reversed straight from processing: it was paid, then sent back.
            _post(LedgerEntry.Kind.PAYOUT_PAID, on_the_way, out, payout=payout, profile=profile)
            payout.status = Status.PAID
        elif payout.can_become(Status.FAILED) and not (result.paid or result.reversed):
            _post(
                LedgerEntry.Kind.PAYOUT_FAILED,
                on_the_way,
                earnings,
                payout=payout,
                profile=profile,
                note=result.failure_reason or "",
            )
            known = result.failure_code in Payout.Failure.values
            payout.status = Status.FAILED
            payout.failure_code = result.failure_code if known else Payout.Failure.REJECTED
            payout.failure_reason = result.failure_reason[:300]
        if result.reversed and payout.can_become(Status.REVERSED):
            _post(
                PAYOUT_REVERSED,
                out,
                earnings,
                payout=payout,
                profile=profile,
                note=result.failure_reason or "",
            )
            payout.status = Status.REVERSED
            payout.failure_reason = result.failure_reason[:300]
        if payout.status == was:
            return payout, False
        if was == Status.PROCESSING:
            payout.provider = provider
            payout.provider_reference = result.provider_reference
            payout.completed_at = timezone.now()
        payout.save()
        _email(profile, payout, payout.status)
    return payout, True


def resend_stuck_payouts(now=None):
    """Ask again about every payout still processing
    ``EARNINGS_RESEND_AFTER_MINUTES`` after it was made: the provider was
    down, the run stopped before asking it, or its answer has not come. A
    payout the provider knows is looked up; one it may not know is sent with
    the same idempotency key, so nothing is paid twice. Each payout on its own,
    so one failure (logged) does not hold back the others. Returns how many
    payouts were booked final."""
    cutoff = (now or timezone.now()) - timedelta(minutes=settings.EARNINGS_RESEND_AFTER_MINUTES)
    stuck = Payout.objects.filter(status=Payout.Status.PROCESSING, created_at__lte=cutoff)
    answered = 0
    for payout_id in list(stuck.order_by("pk").values_list("pk", flat=True)):
        try:
            answered += send_payout(payout_id=payout_id).status != Payout.Status.PROCESSING
        except Exception:
            logger.exception("Could not send payout %s again", payout_id)
    return answered


# --- Notifications ----------------------------------------------------------------------


def _payout_by_reference(reference):
    prefix, _colon, number = (reference or "").partition(":")
    if prefix != "payout" or not number.isdigit():
        return None
    return Payout.objects.filter(pk=int(number)).first()


def _judge(*, authentic, gateway_id, reference, claimed_amount):
    """``(outcome, detail, payout)`` of one notification; books it when the
    provider confirms it."""
    if not authentic:
        return Outcome.FORGED, "wrong or missing callback token", None
    payout = _payout_by_reference(reference)
    if payout is None or not gateway_id:
        return Outcome.UNKNOWN, "no payout with this reference", None
    if payout.provider_reference and payout.provider_reference != gateway_id:
        return Outcome.MISMATCH, f"the payout is {payout.provider_reference} at Xendit", payout
    if claimed_amount is not None and claimed_amount != payout.amount:
        return Outcome.MISMATCH, f"notified amount {claimed_amount} is not {payout.amount}", payout
    provider = get_payout_provider()
    try:
        result = provider.lookup(provider_reference=gateway_id)
    except PayoutProviderError as error:
        return Outcome.DEFERRED, f"status check failed: {error}"[:300], payout
    if result.reference != payout.reference or result.amount != payout.amount:
        detail = f"Xendit holds {result.reference} for {result.amount}, not {payout.amount}"
        return Outcome.MISMATCH, detail, payout
    payout, booked = book(payout_id=payout.pk, result=result, provider=provider.name)
    detail = f"Xendit says {result.provider_status}; payout {payout.status}"
    return (Outcome.APPLIED if booked else Outcome.DUPLICATE), detail, payout


def handle_payout_notification(
    *, authentic, gateway_id="", reference="", claimed_status="", claimed_amount=None
):
    """Take a payout notification: ``authentic`` says its token was right. It
    is only a hint: the payout is looked up at the provider, and booked only
    when the provider's payout is ours, for the same amount, and in a new final
    state. Every notification is stored with its outcome and logged. Returns
    the ``PayoutNotification``; ``DEFERRED`` means the provider should send it
    again later."""
    outcome, detail, payout = _judge(
        authentic=authentic,
        gateway_id=gateway_id,
        reference=reference,
        claimed_amount=claimed_amount,
    )
    row = PayoutNotification.objects.create(
        gateway_id=gateway_id[:100],
        reference=reference[:100],
        claimed_status=claimed_status[:40],
        outcome=outcome,
        detail=detail[:300],
        payout=payout,
    )
    level = logging.INFO if outcome in (Outcome.APPLIED, Outcome.DUPLICATE) else logging.WARNING
    logger.log(
        level,
        "Payout notification %s: %s for %s (%s), claimed %s: %s",
        row.pk,
        outcome,
        reference or "?",
        gateway_id or "?",
        claimed_status or "?",
        detail,
    )
    return row
