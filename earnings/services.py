"""Writes of the earnings app: payout details, monthly statements and payouts.

Money moves only through ``payments.ledger.post``, with the creator's
``CreatorProfile`` row locked (``select_for_update``) so that two runs, a staff
action and a provider's answer never move one creator's money at once. Every
movement has a reference (``payout:<id>``, ``payout_paid:<id>``,
``payout_failed:<id>``), so the ledger refuses to make it twice.
"""

import logging
from datetime import timedelta
from decimal import ROUND_DOWN, Decimal

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core import jobs
from core.emails import absolute_url, email_user
from earnings import selectors
from earnings.models import (
    IdentityCheck,
    NoPayout,
    Payout,
    PayoutFreeze,
    PayoutMethod,
    Statement,
    TaxDetails,
)
from earnings.payouts import (  # noqa: F401 (payouts' writes are the app's services too)
    _creator_spec,
    _lock,
    handle_payout_notification,
    record_payout_result,
    resend_stuck_payouts,
    send_payout,
)
from earnings.signals import earnings_changed
from payments import ledger
from payments.models import Account, LedgerEntry

logger = logging.getLogger(__name__)

# Creators per ``earnings.tasks.creator_statements`` task: at 50-110 ms each
# (bench_statements), 10-25 s of work, and 500 tasks to queue for 100,000
# creators (queuing takes about 1 ms a task).
CREATORS_PER_TASK = 200

Kind = Account.Kind

# Currencies payout providers transfer in whole units only (Xendit, Flip and
# Midtrans Iris all send rupiah without cents).
WHOLE_UNITS_ONLY = {"IDR"}


def _earnings_url():
    return absolute_url(reverse("earnings:index"))


# --- Payout details ---------------------------------------------------------------------


def save_payout_method(
    *,
    creator,
    kind,
    bank="",
    account_number="",
    account_holder="",
    wallet="",
    phone="",
    validated_name="",
):
    """Make this bank account (``bank``, ``account_number``, ``account_holder``)
    or e-wallet (``wallet``, ``phone``), already validated (``validated_name``:
    the name the bank or e-wallet gave for it, if any), the creator's
    current payout method; the previous one is kept, no longer current. The
    creator is emailed, so a change they did not make does not go unnoticed,
    and a method that replaces another is paid to only after
    ``EARNINGS_NEW_METHOD_WAIT_DAYS``, so that there is time to stop it."""
    with transaction.atomic():
        profile = _lock(creator.pk)
        replaced = PayoutMethod.objects.filter(creator=profile, is_current=True).update(
            is_current=False
        )
        earnings_changed(profile.pk)  # the update sends no signal
        now = timezone.now()
        wait = timedelta(days=settings.EARNINGS_NEW_METHOD_WAIT_DAYS) if replaced else timedelta()
        method = PayoutMethod.objects.create(
            creator=profile,
            kind=kind,
            bank=bank,
            account_number=account_number,
            account_holder=account_holder,
            wallet=wallet,
            phone=phone,
            validated_name=validated_name[:100],
            validated_at=now if validated_name else None,
            usable_from=now + wait,
        )
        email_user(
            profile.user,
            "earnings/emails/method_changed",
            {
                "method": method.masked,
                "usable_from": method.usable_from if wait else None,
                "url": _earnings_url(),
            },
        )
    return method


def use_methods_now(*, method_ids):
    """Let payouts go to these current methods without waiting out the rest of
    their wait (staff confirmed the change with the creator). Returns how many
    were waiting."""
    now = timezone.now()
    waiting = PayoutMethod.objects.filter(pk__in=method_ids).waiting(now)
    with transaction.atomic():
        # The update sends no signal: the creators' earnings pages change here.
        for creator_id in set(waiting.values_list("creator_id", flat=True)):
            earnings_changed(creator_id)
        return waiting.update(usable_from=now)


def save_tax_details(*, creator, npwp, name):
    """Set the creator's NPWP and the name on it (already validated)."""
    details, _created = TaxDetails.objects.update_or_create(
        creator=creator, defaults={"npwp": npwp, "name": name}
    )
    return details


def check_identity(*, creator_ids, staff):
    """Record that ``staff`` checked these creators' identity. Creators already
    checked keep their first check. Returns how many were newly checked."""
    checked = 0
    for creator_id in creator_ids:
        _check, created = IdentityCheck.objects.get_or_create(
            creator_id=creator_id, defaults={"checked_by": staff}
        )
        checked += created
    return checked


def lift_freeze(*, freeze, staff):
    """Lift an active freeze, recording who and when. False when already lifted."""
    with transaction.atomic():
        _lock(freeze.creator_id)
        lifted = PayoutFreeze.objects.filter(pk=freeze.pk, lifted_at__isnull=True).update(
            lifted_at=timezone.now(), lifted_by=staff
        )
        earnings_changed(freeze.creator_id)  # the update sends no signal
    return bool(lifted)


# --- Statements and payouts -------------------------------------------------------------


def _blockers(*, profile, amount, currency, month, readiness, now):
    """Why ``amount`` cannot be paid out at ``now``, as ``NoPayout`` codes;
    empty when it can."""
    if amount <= 0:
        return [NoPayout.NOTHING_AVAILABLE]
    reasons = []
    if amount < selectors.payout_thresholds()[currency]:
        reasons.append(NoPayout.BELOW_THRESHOLD)
    if readiness.method is None:
        reasons.append(NoPayout.NO_METHOD)
    elif readiness.method.waiting(now):
        reasons.append(NoPayout.NEW_METHOD)
    if readiness.identity_check is None:
        reasons.append(NoPayout.NO_IDENTITY_CHECK)
    if readiness.freeze is not None:
        reasons.append(NoPayout.FROZEN)
    if (
        readiness.tax_details is None
        and selectors.year_gross_in_idr(profile.pk, month) > selectors.npwp_limit()
    ):
        reasons.append(NoPayout.NEEDS_NPWP)
    return reasons


def _start_payout(*, profile, statement, amount, method):
    """Create the payout and move its amount from available into payouts."""
    payout = Payout.objects.create(
        creator=profile,
        statement=statement,
        amount=amount,
        currency=statement.currency,
        method=method,
        method_snapshot=method.snapshot(),
    )
    currency = statement.currency
    ledger.post(
        LedgerEntry.Kind.PAYOUT,
        ledger.moves(
            [
                (
                    _creator_spec(Kind.CREATOR_EARNINGS, currency, profile),
                    _creator_spec(Kind.PAYOUTS, currency, profile),
                    amount,
                )
            ]
        ),
        currency=currency,
        reference=payout.reference,
        creator=profile,
        note=f"{statement.month:%Y-%m}",
    )
    return payout


def make_statements(*, creator_id, month, now=None):
    """The creator's statements for ``month`` (any date in it), one per
    currency, and a payout for each that may be paid at ``now`` (by default
    the present). Idempotent: when the month's statements exist they are
    returned as they are. The statement email is sent once, when they are made."""
    now = now or timezone.now()
    start, end = selectors.month_bounds(month)
    month = start.date()
    with transaction.atomic():
        profile = _lock(creator_id)
        existing = list(
            Statement.objects.filter(creator=profile, month=month).select_related("payout")
        )
        if existing:
            return existing
        boundaries = selectors.balances_at(profile.pk, start, end)
        moved = selectors.movements(profile.pk, start, end)
        readiness = selectors.payout_readiness(profile.pk)
        available_now = {
            found.currency: found.available for found in selectors.balances(profile.pk)
        }
        statements, payouts = [], []
        for currency in sorted(set(boundaries) | set(moved)):
            opening, closing, held = boundaries.get(currency, (ledger.ZERO,) * 3)
            movement = moved.get(currency) or selectors.Movements(currency=currency)
            # A refund after the month ended can leave less available now than
            # at its end: pay what is there, never more.
            amount = min(closing, available_now.get(currency, ledger.ZERO))
            if currency in WHOLE_UNITS_ONLY:
                # Transfers in rupiah are whole: the cents stay available.
                amount = amount.quantize(Decimal("1"), rounding=ROUND_DOWN)
            reasons = _blockers(
                profile=profile,
                amount=amount,
                currency=currency,
                month=month,
                readiness=readiness,
                now=now,
            )
            statement = Statement.objects.create(
                creator=profile,
                month=month,
                currency=currency,
                opening_available=opening,
                sales_gross=movement.sales_gross,
                sales_fees=movement.sales_fees,
                sales_net=movement.sales_net,
                refunds=movement.refunds_net,
                adjustments=movement.other,
                collaboration_gross=movement.collaboration_gross,
                collaboration_fees=movement.collaboration_fees,
                collaboration_net=movement.collaboration_net,
                payouts=movement.payouts,
                closing_available=closing,
                pending_held=held,
                no_payout_reasons=[str(code) for code in reasons],
            )
            if not reasons:
                payouts.append(
                    _start_payout(
                        profile=profile,
                        statement=statement,
                        amount=amount,
                        method=readiness.method,
                    )
                )
            statements.append(statement)
        if statements:
            email_user(
                profile.user,
                "earnings/emails/statement_ready",
                {
                    "month": month,
                    "statements": statements,
                    "payouts": payouts,
                    "url": _earnings_url(),
                },
            )
    return statements


def state_creator(*, creator_id, month, now=None):
    """What the monthly run does for one creator: their statements for
    ``month`` (see ``make_statements``), then each payout of that month still
    processing sent to the provider, a payout left processing by an
    interrupted run included. Safe to run again. Returns the statements."""
    statements = make_statements(creator_id=creator_id, month=month, now=now)
    processing = Payout.objects.filter(
        creator=creator_id,
        statement__month=selectors.month_bounds(month)[0].date(),
        status=Payout.Status.PROCESSING,
    ).values_list("pk", flat=True)
    for payout_id in list(processing):
        send_payout(payout_id=payout_id)
    return statements


def state_creators(creator_ids, month, now=None):
    """``state_creator`` for each of ``creator_ids``, each in their own
    transaction, so one failure (logged) does not hold back the others.
    Returns the number of statements made or found."""
    stated = 0
    for creator_id in creator_ids:
        try:
            stated += len(state_creator(creator_id=creator_id, month=month, now=now))
        except Exception:
            logger.exception("Could not make the statement of creator %s", creator_id)
    return stated


def queue_monthly_statements(month):
    """Queue ``earnings.tasks.creator_statements`` for every creator with money
    or movements in ``month`` (its first day), ``CREATORS_PER_TASK`` at a time,
    so the run is spread over the workers. Safe to run again: a creator's
    statements and payouts are made once (``state_creator``). Returns the
    number of creators queued."""
    start, end = selectors.month_bounds(month)
    creator_ids = selectors.creators_to_state(start, end)
    for index in range(0, len(creator_ids), CREATORS_PER_TASK):
        jobs.enqueue(
            "earnings.tasks.creator_statements",
            creator_ids=creator_ids[index : index + CREATORS_PER_TASK],
            month=month.isoformat(),
        )
    return len(creator_ids)


def make_monthly_statements(month, now=None):
    """``state_creators`` for every creator with money or movements in
    ``month``, in this process (the Celery task spreads them over tasks
    instead). Returns the number of statements made or found."""
    start, end = selectors.month_bounds(month)
    return state_creators(selectors.creators_to_state(start, end), start.date(), now=now)
