"""Reads of a creator's money, all summed from the ledger in the database:
balances are never stored (``payments.ledger`` is the one place money lives)."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth

from core.money import cents
from earnings.models import (
    PAYOUT_REVERSED,
    STATEMENT_TIME_ZONE,
    IdentityCheck,
    Payout,
    PayoutFreeze,
    PayoutMethod,
    Statement,
    TaxDetails,
)
from payments.ledger import ZERO, amount_sum
from payments.models import Account, LedgerEntry, LedgerLine

Kind = Account.Kind
Entry = LedgerEntry.Kind

EARNINGS = Q(account__kind=Kind.CREATOR_EARNINGS)
HELD = Q(account__kind=Kind.COLLABORATION_HOLD)
PAYOUT_KINDS = [Entry.PAYOUT, Entry.PAYOUT_FAILED, PAYOUT_REVERSED]
# A Series refund, in full or in part, and a failed one undone.
REFUND_KINDS = [Entry.REFUND, Entry.PARTIAL_REFUND, Entry.REFUND_FAILED]
KNOWN_KINDS = [Entry.SALE, *REFUND_KINDS, Entry.PAY, *PAYOUT_KINDS]

# What each movement figure sums, over the lines of the entries that name the
# creator: ``{figure: (account kinds, entry kinds)}``, entry kinds None for
# those not in ``KNOWN_KINDS``. Fees are the platform's and the payment
# provider's shares of the same entries, so gross = net + fees.
_EARNINGS_ACCOUNTS = [Kind.CREATOR_EARNINGS]
_FEE_ACCOUNTS = [Kind.PLATFORM_FEES, Kind.PAYMENT_FEES]
MOVEMENT_RULES = {
    "sales_net": (_EARNINGS_ACCOUNTS, [Entry.SALE]),
    "sales_fees": (_FEE_ACCOUNTS, [Entry.SALE]),
    "refunds_net": (_EARNINGS_ACCOUNTS, REFUND_KINDS),
    "refunds_fees": (_FEE_ACCOUNTS, REFUND_KINDS),
    "collaboration_net": (_EARNINGS_ACCOUNTS, [Entry.PAY]),
    "collaboration_fees": (_FEE_ACCOUNTS, [Entry.PAY]),
    "payouts": (_EARNINGS_ACCOUNTS, PAYOUT_KINDS),
    "other": (_EARNINGS_ACCOUNTS, None),
}
# The same rules as conditions on ``LedgerLine``, for sums in SQL.
MOVEMENTS = {
    name: Q(account__kind__in=accounts)
    & (Q(entry__kind__in=entries) if entries is not None else ~Q(entry__kind__in=KNOWN_KINDS))
    for name, (accounts, entries) in MOVEMENT_RULES.items()
}


def movement_of(account_kind, entry_kind):
    """The figure of ``MOVEMENT_RULES`` a line of ``account_kind`` in an entry of
    ``entry_kind`` adds to, or None."""
    for name, (accounts, entries) in MOVEMENT_RULES.items():
        if account_kind in accounts and (
            entry_kind in entries if entries is not None else entry_kind not in KNOWN_KINDS
        ):
            return name
    return None


def _sums(conditions):
    return {name: amount_sum(condition) for name, condition in conditions.items()}


def next_month(day):
    """The first day of the month after ``day``'s."""
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def month_bounds(month):
    """``(start, end)`` of the calendar month of ``month`` in Jakarta, as aware datetimes."""
    first = month.replace(day=1)
    following = next_month(first)
    return (
        datetime(first.year, first.month, 1, tzinfo=STATEMENT_TIME_ZONE),
        datetime(following.year, following.month, 1, tzinfo=STATEMENT_TIME_ZONE),
    )


@dataclass
class Movements:
    """One month's (or any period's) movements of a creator in one currency."""

    currency: str
    month: date | None = None
    sales_net: Decimal = ZERO
    sales_fees: Decimal = ZERO
    refunds_net: Decimal = ZERO
    refunds_fees: Decimal = ZERO
    collaboration_net: Decimal = ZERO
    collaboration_fees: Decimal = ZERO
    payouts: Decimal = ZERO
    other: Decimal = ZERO

    @property
    def sales_gross(self):
        return self.sales_net + self.sales_fees

    @property
    def refunds_gross(self):
        return self.refunds_net + self.refunds_fees

    @property
    def collaboration_gross(self):
        return self.collaboration_net + self.collaboration_fees

    @property
    def earned_gross(self):
        """What buyers and brands paid for the creator's work, less refunds."""
        return self.sales_gross + self.refunds_gross + self.collaboration_gross

    @property
    def earned_net(self):
        return self.sales_net + self.refunds_net + self.collaboration_net


def _movements(rows, **keys):
    result = []
    for row in rows:
        figures = {name: cents(row[name]) for name in MOVEMENTS}
        extra = {key: source(row) for key, source in keys.items()}
        result.append(Movements(currency=row["account__currency"], **extra, **figures))
    return result


def movements(creator_id, start, end):
    """``{currency: Movements}`` of the entries naming the creator in ``[start, end)``."""
    rows = (
        LedgerLine.objects.filter(
            entry__creator=creator_id, entry__created_at__gte=start, entry__created_at__lt=end
        )
        .values("account__currency")
        .annotate(**_sums(MOVEMENTS))
        .order_by()
    )
    return {found.currency: found for found in _movements(rows)}


def monthly_movements(creator_id, *, since):
    """``[Movements]`` per month (in Jakarta) and currency since ``since``, newest first.

    Summed in SQL per month, currency, account kind and entry kind, and sorted
    into figures here (``movement_of``): one sum is far cheaper to build than
    a filtered sum per figure, and the rows are at most a few per month."""
    rows = (
        LedgerLine.objects.filter(entry__creator=creator_id, entry__created_at__gte=since)
        .annotate(month=TruncMonth("entry__created_at", tzinfo=STATEMENT_TIME_ZONE))
        .values_list("month", "account__currency", "account__kind", "entry__kind")
        .annotate(total=amount_sum())
        .order_by()
    )
    found = {}
    for month, currency, account_kind, entry_kind, total in rows:
        figures = found.setdefault((month.date(), currency), dict.fromkeys(MOVEMENT_RULES, ZERO))
        name = movement_of(account_kind, entry_kind)
        if name is not None:
            figures[name] += total
    return [
        Movements(
            currency=currency,
            month=month,
            **{name: cents(total) for name, total in figures.items()},
        )
        for (month, currency), figures in sorted(
            found.items(), key=lambda item: (-item[0][0].toordinal(), item[0][1])
        )
    ]


@dataclass
class Balances:
    """A creator's money in one currency now: ``available`` to pay out,
    ``held`` in accepted collaborations, ``on_the_way`` in payouts being sent."""

    currency: str
    available: Decimal = ZERO
    held: Decimal = ZERO
    on_the_way: Decimal = ZERO


def balances(creator_id):
    """``[Balances]`` per currency the creator has money in (IDR first), in one query."""
    # Summed per currency and account kind, the kinds picked here: cheaper to
    # build than a filtered sum per figure.
    rows = (
        LedgerLine.objects.filter(account__creator=creator_id)
        .values_list("account__currency", "account__kind")
        .annotate(total=amount_sum())
        .order_by()
    )
    figure_of = {
        Kind.CREATOR_EARNINGS: "available",
        Kind.COLLABORATION_HOLD: "held",
        Kind.PAYOUTS: "on_the_way",
    }
    by_currency = {}
    for currency, account_kind, total in rows:
        figures = by_currency.setdefault(currency, dict.fromkeys(figure_of.values(), ZERO))
        if account_kind in figure_of:
            figures[figure_of[account_kind]] += total
    found = [
        Balances(currency=currency, **{name: cents(total) for name, total in figures.items()})
        for currency, figures in by_currency.items()
    ]
    home = settings.BUSINESS_CREDIT_CURRENCY
    return sorted(found, key=lambda item: (item.currency != home, item.currency))


def balances_at(creator_id, start, end):
    """``{currency: (available at start, available at end, held at end)}``."""
    rows = (
        LedgerLine.objects.filter(
            Q(EARNINGS) | Q(HELD), account__creator=creator_id, entry__created_at__lt=end
        )
        .values("account__currency")
        .annotate(
            **_sums(
                {
                    "opening": EARNINGS & Q(entry__created_at__lt=start),
                    "closing": EARNINGS,
                    "held": HELD,
                }
            )
        )
        .order_by()
    )
    return {
        row["account__currency"]: (cents(row["opening"]), cents(row["closing"]), cents(row["held"]))
        for row in rows
    }


def creators_to_state(start, end):
    """Ids of creators with money on their accounts at ``end`` or movements in
    ``[start, end)``: those who get a statement for the month."""
    rows = (
        LedgerLine.objects.filter(
            account__creator__isnull=False,
            account__kind__in=[Kind.CREATOR_EARNINGS, Kind.COLLABORATION_HOLD, Kind.PAYOUTS],
            entry__created_at__lt=end,
        )
        .values("account__creator_id")
        .annotate(
            total=amount_sum(),
            moved=Count("pk", filter=Q(entry__created_at__gte=start)),
        )
        .filter(~Q(total=0) | Q(moved__gt=0))
        .order_by("account__creator_id")
    )
    return [row["account__creator_id"] for row in rows]


def year_gross_in_idr(creator_id, month):
    """The creator's gross earnings in ``month``'s calendar year up to the end of
    ``month`` (in Jakarta), in IDR: Series sales less refunds plus collaboration
    fees, before fees. Other currencies count at ``EARNINGS_IDR_PER_USD``."""
    year_start, _ = month_bounds(month.replace(month=1))
    _, end = month_bounds(month)
    rate = Decimal(settings.EARNINGS_IDR_PER_USD)
    return sum(
        (
            found.earned_gross * (1 if currency == settings.BUSINESS_CREDIT_CURRENCY else rate)
            for currency, found in movements(creator_id, year_start, end).items()
        ),
        ZERO,
    )


# --- A creator's payout details ------------------------------------------------------


@dataclass
class PayoutReadiness:
    """What a creator has in place for payouts."""

    method: PayoutMethod | None
    tax_details: TaxDetails | None
    identity_check: IdentityCheck | None
    freeze: PayoutFreeze | None


def payout_thresholds():
    """``{currency: Decimal}``: the least available money that is paid out."""
    return {
        currency: Decimal(amount)
        for currency, amount in settings.EARNINGS_PAYOUT_THRESHOLDS.items()
    }


def npwp_limit():
    """Gross earnings in a year (IDR) above which payouts need an NPWP."""
    return Decimal(settings.EARNINGS_NPWP_REQUIRED_ABOVE)


def tax_details_of(creator_id):
    return TaxDetails.objects.filter(creator=creator_id).first()


def current_method(creator_id):
    return PayoutMethod.objects.filter(creator=creator_id, is_current=True).first()


def payout_readiness(creator_id):
    return PayoutReadiness(
        method=current_method(creator_id),
        tax_details=tax_details_of(creator_id),
        identity_check=IdentityCheck.objects.filter(creator=creator_id).first(),
        freeze=PayoutFreeze.objects.filter(creator=creator_id, lifted_at__isnull=True).first(),
    )


def statements_for(creator_id):
    return Statement.objects.filter(creator=creator_id).select_related("payout")


def payouts_for(creator_id):
    return Payout.objects.filter(creator=creator_id).select_related("statement")


def statement_lines(statement):
    """The ledger lines that changed the statement's available money, oldest
    first, with their entries: the detail behind its figures."""
    start, end = month_bounds(statement.month)
    return (
        LedgerLine.objects.filter(
            account__creator=statement.creator_id,
            account__kind=Kind.CREATOR_EARNINGS,
            account__currency=statement.currency,
            entry__created_at__gte=start,
            entry__created_at__lt=end,
        )
        .select_related("entry")
        .order_by("entry__created_at", "entry_id")
    )
