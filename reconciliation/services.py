"""The daily reconciliation: the gateway's report of a day against the ledger's
payments and payouts, each disagreement kept as a ``Difference`` for staff."""

import logging
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from datetime import time as clock
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.emails import absolute_url, email_users
from core.models import User
from core.refusals import Refusal
from earnings.models import Payout
from payments.models import Payment
from payments.services import check_ledger_and_alert_staff
from reconciliation import sources
from reconciliation.models import Difference, Run

logger = logging.getLogger(__name__)
Kind = Difference.Kind

JAKARTA = ZoneInfo("Asia/Jakarta")
# The gateway may stamp a payment a little after the portal did (or the other
# way round) across midnight: its report is read this much wider than the day.
MARGIN = timedelta(hours=1)
CHUNK = 1000
# The gateway's status of a payment, and the payment states that agree with it.
PAYMENT_STATES = {
    "SUCCESS": {"paid", "partially_refunded", "refunded"},
    "REVERSED": {"reversed"},
    "VOIDED": {"reversed", "declined", "expired"},
    "FAILED": {"declined", "expired", "pending"},
}
# The gateway's status of a payout, and the payout state that agrees with it.
PAYOUT_STATES = {
    "SUCCESS": {"paid"},
    "PENDING": {"processing"},
    "FAILED": {"failed"},
    "VOIDED": {"failed"},
    "REVERSED": {"reversed"},
}
SETTLED_PAYMENTS = PAYMENT_STATES["SUCCESS"] | PAYMENT_STATES["REVERSED"]
SETTLED_PAYOUTS = {"paid", "reversed"}


class ReconciliationRefused(Refusal):
    """A change staff asked for that cannot be made."""


def day_bounds(day):
    """The start and end (exclusive) of ``day`` in Asia/Jakarta, as aware datetimes."""
    start = datetime.combine(day, clock.min, tzinfo=JAKARTA)
    return start, start + timedelta(days=1)


@dataclass(frozen=True)
class Record:
    """What reconciliation reads of a payment or a payout."""

    pk: int
    status: str
    amount: Decimal
    currency: str
    fee: Decimal = Decimal("0.00")


def _chunked(queryset, field, values, fields):
    """``{value of field: Record}`` for the rows of ``queryset`` whose ``field``
    is in ``values``, a thousand values a query, read as plain values (a
    day holds 100,000 of them)."""
    values = list(values)
    found = {}
    for index in range(0, len(values), CHUNK):
        part = values[index : index + CHUNK]
        rows = queryset.filter(**{f"{field}__in": part}).values_list(field, *fields)
        for key, *columns in rows:
            found[key] = Record(*columns)
    return found


def _money(amount, currency):
    return f"{currency} {amount}"


def _compare(record, row, found, agreeing, status_kind, amount_kind):
    """The status and amount differences between our ``record`` (a payment or
    a payout) and the gateway's ``row``; ``agreeing`` are our states that agree
    with the gateway's status."""
    differences = []
    if record.status not in agreeing:
        differences.append(
            Difference(
                kind=status_kind,
                ours=record.status,
                theirs=f"{row.status}, {_money(row.amount, row.currency)}",
                **found,
            )
        )
    if record.amount != row.amount or record.currency != row.currency:
        differences.append(
            Difference(
                kind=amount_kind,
                ours=_money(record.amount, record.currency),
                theirs=_money(row.amount, row.currency),
                **found,
            )
        )
    return differences


def _payment_differences(rows, start, end, provider):
    """The differences between the gateway's payments and ours in the day."""
    in_day = [row for row in rows if start <= row.created < end]
    settled = {}
    for row in rows:  # the gateway's final word on each payment in the window
        if row.status in PAYMENT_STATES and (
            row.reference not in settled or row.status != "PENDING"
        ):
            settled[row.reference] = row
    ours = Payment.objects.filter(
        provider=provider,
        completed_at__gte=start,
        completed_at__lt=end,
        status__in=SETTLED_PAYMENTS,
    )
    our_keys = set(ours.values_list("idempotency_key", flat=True))
    keys = {row.reference for row in in_day} | our_keys
    payments = _chunked(
        Payment.objects, "idempotency_key", keys, ["pk", "status", "amount", "currency", "fee"]
    )
    differences = []
    for row in in_day:
        if row.status not in ("SUCCESS", "REVERSED"):
            continue
        payment = payments.get(row.reference)
        found = {"gateway_id": row.gateway_id, "reference": row.reference}
        theirs = f"{row.status}, {_money(row.amount, row.currency)}"
        if payment is None:
            differences.append(Difference(kind=Kind.MONEY_WITHOUT_PAYMENT, theirs=theirs, **found))
            continue
        found["payment_id"] = payment.pk
        agreeing = PAYMENT_STATES[row.status]
        compared = _compare(payment, row, found, agreeing, Kind.PAYMENT_STATUS, Kind.PAYMENT_AMOUNT)
        amount_differs = any(each.kind == Kind.PAYMENT_AMOUNT for each in compared)
        if not amount_differs and payment.fee != row.fee:
            compared.append(
                Difference(
                    kind=Kind.PAYMENT_FEE,
                    ours=_money(payment.fee, payment.currency),
                    theirs=_money(row.fee, row.currency),
                    **found,
                )
            )
        differences.extend(compared)
    for key in sorted(our_keys):
        row = settled.get(key)
        if row is None or row.status not in ("SUCCESS", "REVERSED"):
            payment = payments[key]
            differences.append(
                Difference(
                    kind=Kind.PAID_NOT_AT_GATEWAY,
                    reference=key,
                    payment_id=payment.pk,
                    ours=f"{payment.status}, {_money(payment.amount, payment.currency)}",
                    theirs=row.status if row else "",
                )
            )
    return differences, len(keys)


def _payout_id(reference):
    prefix, _, number = reference.partition(":")
    return int(number) if prefix == "payout" and number.isdigit() else None


def _payout_differences(rows, start, end, provider):
    """The differences between the gateway's payouts and ours in the day."""
    in_day = [row for row in rows if start <= row.created < end]
    latest = {}
    for row in rows:
        if row.reference not in latest or row.status != "PENDING":
            latest[row.reference] = row
    ours = Payout.objects.filter(
        provider=provider, completed_at__gte=start, completed_at__lt=end, status__in=SETTLED_PAYOUTS
    )
    our_ids = set(ours.values_list("pk", flat=True))
    ids = {_payout_id(row.reference) for row in in_day} - {None} | our_ids
    payouts = _chunked(Payout.objects, "pk", ids, ["pk", "status", "amount", "currency"])
    differences = []
    for row in in_day:
        payout = payouts.get(_payout_id(row.reference))
        found = {"gateway_id": row.gateway_id, "reference": row.reference}
        theirs = f"{row.status}, {_money(row.amount, row.currency)}"
        if payout is None:
            differences.append(Difference(kind=Kind.PAYOUT_WITHOUT_RECORD, theirs=theirs, **found))
            continue
        found["payout_id"] = payout.pk
        differences.extend(
            _compare(
                payout,
                row,
                found,
                PAYOUT_STATES.get(row.status, set()),
                Kind.PAYOUT_STATUS,
                Kind.PAYOUT_AMOUNT,
            )
        )
    for payout_id in sorted(our_ids):
        payout = payouts[payout_id]
        if f"payout:{payout_id}" not in latest:
            differences.append(
                Difference(
                    kind=Kind.PAYOUT_NOT_AT_GATEWAY,
                    reference=f"payout:{payout_id}",
                    payout_id=payout_id,
                    ours=f"{payout.status}, {_money(payout.amount, payout.currency)}",
                )
            )
    return differences, len(ids)


def reconcile_day(*, day, report=None):
    """Compare ``day`` (Asia/Jakarta) in the gateway's report with the ledger's
    payments and payouts. Keeps a ``Run`` with every ``Difference``; when
    there are differences, or the report could not be read, every active staff
    member is emailed. Safe to run again: each run stands on its own. Returns
    the run."""
    report = report or sources.get_report()
    started, clock_start = timezone.now(), time.perf_counter()
    start, end = day_bounds(day)
    run = Run(day=day, provider=report.provider, started_at=started, seconds=0)
    try:
        rows = list(report.rows(start - MARGIN, end + MARGIN))
    except sources.ReportUnavailable as error:
        logger.error("Reconciliation of %s: %s", day, error)
        run.outcome, run.error = Run.Outcome.FAILED, str(error)[:300]
        differences = []
    else:
        payments, payments_checked = _payment_differences(
            [row for row in rows if row.kind == sources.PAYMENT], start, end, report.provider
        )
        payouts, payouts_checked = _payout_differences(
            [row for row in rows if row.kind == sources.PAYOUT], start, end, report.provider
        )
        differences = payments + payouts
        run.gateway_rows = sum(1 for row in rows if start <= row.created < end)
        run.payments_checked, run.payouts_checked = payments_checked, payouts_checked
        run.outcome = Run.Outcome.DIFFERENCES if differences else Run.Outcome.CLEAN
    run.seconds = round(time.perf_counter() - clock_start, 3)
    with transaction.atomic():
        run.save()
        for difference in differences:
            difference.run = run
        Difference.objects.bulk_create(differences, batch_size=CHUNK)
        if run.outcome != Run.Outcome.CLEAN:
            if differences:
                logger.warning("Reconciliation of %s: %s differences", day, len(differences))
            email_users(
                User.objects.filter(is_staff=True, is_active=True).only("email", "language"),
                "reconciliation/emails/differences",
                {
                    "run": run,
                    "differences": differences,
                    "link": absolute_url(reverse("admin:reconciliation_run_change", args=[run.pk])),
                },
            )
    return run


def reconcile_yesterday(now=None):
    """``reconcile_day`` for the day before today in Asia/Jakarta."""
    today = (now or timezone.now()).astimezone(JAKARTA).date()
    return reconcile_day(day=today - timedelta(days=1))


@transaction.atomic
def resolve_difference(*, difference_id, staff, note):
    """Mark a difference resolved by ``staff`` with ``note`` (required): what
    was found and done. A difference is resolved once. Returns it."""
    note = (note or "").strip()
    if not note:
        raise ReconciliationRefused(_("Say what you found and did before marking it resolved."))
    difference = Difference.objects.select_for_update().get(pk=difference_id)
    if difference.resolved:
        raise ReconciliationRefused(_("This difference was already resolved."))
    difference.resolved_at = timezone.now()
    difference.resolved_by = staff
    difference.note = note
    difference.save(update_fields=["resolved_at", "resolved_by", "note"])
    logger.info("Difference %s resolved by %s: %s", difference.pk, staff.pk, note)
    return difference


def last_run():
    """The latest reconciliation, or None: the nightly ledger check links to it."""
    return Run.objects.order_by("-day", "-started_at").first()


def check_ledger_after_reconciliation():
    """The nightly ledger check with the last reconciliation named in it (its
    day, outcome, open differences and admin link). Returns the number of
    ledger problems."""
    run = last_run()
    summary = None
    if run is not None:
        summary = {
            "day": run.day.isoformat(),
            "outcome": str(run.get_outcome_display()),
            "open_differences": run.differences.filter(resolved_at=None).count(),
            "url": absolute_url(reverse("admin:reconciliation_run_change", args=[run.pk])),
        }
    return check_ledger_and_alert_staff(reconciliation=summary)
