"""The one way money moves: ``post`` an entry whose lines sum to zero.

Callers hold the lock that guards the money they move (``brands.services``
locks the business row, ``earnings.services`` the creator's) and decide the
business rules; this module only keeps the books: it names accounts, refuses an
entry that does not balance or mixes currencies, and sums lines into balances.
``check_ledger`` proves after the fact that every account balances.
"""

import time
from collections import defaultdict
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, DecimalField, Exists, OuterRef, Q, Sum
from django.utils import timezone

from core.money import cents
from payments.models import Account, LedgerCheck, LedgerEntry, LedgerLine

ZERO = Decimal("0.00")


class UnbalancedEntry(ValueError):
    """An entry whose lines do not sum to zero, or that mixes currencies."""


class AlreadyPosted(Exception):
    """An entry with this reference exists: the movement happened already."""


def home_currency():
    return settings.BUSINESS_CREDIT_CURRENCY


def _describe(
    kind, *, currency=None, pool="", business=None, campaign=None, collaboration=None, creator=None
):
    currency = currency or home_currency()
    ids = {"b": _pk(business), "c": _pk(campaign), "k": _pk(collaboration), "p": _pk(creator)}
    parts = [kind, currency, pool] + [f"{name}{value}" for name, value in ids.items() if value]
    return Account(
        key=":".join(part for part in parts if part),
        kind=kind,
        currency=currency,
        pool=pool,
        business_id=ids["b"],
        campaign_id=ids["c"],
        collaboration_id=ids["k"],
        creator_id=ids["p"],
    )


def _pk(owner):
    return getattr(owner, "pk", owner)


def accounts(*specs):
    """The accounts ``specs`` describe (each a dict of ``account``'s keywords), in
    order, creating those that do not exist yet: one query when all exist."""
    wanted = [_describe(**spec) for spec in specs]
    keys = {acc.key for acc in wanted}
    found = {acc.key: acc for acc in Account.objects.filter(key__in=keys)}
    missing = {acc.key: acc for acc in wanted if acc.key not in found}
    if missing:
        # Another transaction may create the same account at the same moment.
        Account.objects.bulk_create(missing.values(), ignore_conflicts=True)
        found.update((acc.key, acc) for acc in Account.objects.filter(key__in=missing))
    return [found[acc.key] for acc in wanted]


def account(kind, **owners):
    """The account of ``kind`` for these owners, created on first use.

    Owners (business, campaign, collaboration, creator) are model instances or
    primary keys; ``currency`` defaults to the home currency. A campaign reserve
    and a collaboration hold are kept per ``pool`` (the business's paid balance
    or its credit) so that what is returned goes back where it came from.
    """
    return accounts({"kind": kind, **owners})[0]


def moves(pairs):
    """Ledger lines moving each ``(from spec, to spec, amount)`` (specs as for
    ``accounts``); every account is fetched in one go and zero amounts are left out."""
    pairs = [pair for pair in pairs if pair[2]]
    found = accounts(*(spec for pair in pairs for spec in pair[:2]))
    lines = []
    for index, pair in enumerate(pairs):
        lines += [(found[2 * index], -pair[2]), (found[2 * index + 1], pair[2])]
    return lines


def _balanced(lines, currency):
    """``{account pk: amount}`` of ``lines``, or ``UnbalancedEntry``."""
    merged = defaultdict(lambda: ZERO)
    for acc, amount in lines:
        if acc.currency != currency:
            raise UnbalancedEntry(f"{acc.key} is not in {currency}")
        merged[acc.pk] += cents(amount)
    merged = {pk: amount for pk, amount in merged.items() if amount}
    if not merged:
        raise UnbalancedEntry("an entry must move something")
    if sum(merged.values(), ZERO) != ZERO:
        raise UnbalancedEntry(f"lines sum to {sum(merged.values(), ZERO)}, not zero")
    return merged


def post_many(movements, *, batch_size=2000):
    """Record many movements at once, for bulk loads (demo data, benchmarks):
    ``movements`` is an iterable of ``(kind, lines, fields)`` in one currency
    each (``fields`` may name it). Every entry is checked as ``post`` checks it;
    references are not looked up first, so a repeated one fails the whole load."""
    entries, line_sets = [], []
    for kind, lines, fields in movements:
        fields = dict(fields)
        currency = fields.pop("currency", None) or home_currency()
        line_sets.append(_balanced(lines, currency))
        entries.append(LedgerEntry(kind=kind, currency=currency, **fields))
    LedgerEntry.objects.bulk_create(entries, batch_size=batch_size)
    LedgerLine.objects.bulk_create(
        (
            LedgerLine(entry=entry, account_id=pk, amount=amount)
            for entry, merged in zip(entries, line_sets, strict=True)
            for pk, amount in merged.items()
        ),
        batch_size=batch_size,
    )
    return entries


def post(kind, lines, *, currency=None, reference="", **fields):
    """Record one movement: ``lines`` is a list of ``(account, amount)``.

    Amounts are rounded to cents; lines on one account are merged and zero lines
    dropped. Raises ``UnbalancedEntry`` (nothing written) when the lines do not
    sum to zero, name an account of another currency, or move nothing; raises
    ``AlreadyPosted`` when ``reference`` was used before. ``fields`` are the
    entry's other columns (business, campaign, note, created_by…).
    """
    currency = currency or home_currency()
    merged = _balanced(lines, currency)
    if reference:
        # A savepoint, so that a used reference leaves the caller's transaction usable.
        try:
            with transaction.atomic():
                entry = LedgerEntry.objects.create(
                    kind=kind, currency=currency, reference=reference, **fields
                )
        except IntegrityError:
            if LedgerEntry.objects.filter(reference=reference).exists():
                raise AlreadyPosted(reference) from None
            raise
    else:
        entry = LedgerEntry.objects.create(kind=kind, currency=currency, **fields)
    LedgerLine.objects.bulk_create(
        LedgerLine(entry=entry, account_id=pk, amount=amount) for pk, amount in merged.items()
    )
    return entry


def reverse(entry, *, kind, reference, **fields):
    """Post ``entry``'s lines negated, as an entry of ``kind`` (once: ``reference``)."""
    lines = [(line.account, -line.amount) for line in entry.lines.select_related("account")]
    return post(kind, lines, currency=entry.currency, reference=reference, **fields)


def refund_reference(refund, part=""):
    """The reference of a ledger entry posted for a ``PaymentRefund``: one per
    refund, and ``part`` names any further entry of the same refund."""
    return f"payment-refund:{_pk(refund)}" + (f":{part}" if part else "")


def refund_entries(refund):
    """The ledger entries posted for ``refund`` (see ``refund_reference``)."""
    base = refund_reference(refund)
    return LedgerEntry.objects.filter(Q(reference=base) | Q(reference__startswith=f"{base}:"))


def part_of(amount, *, whole, before, after):
    """The share of ``amount`` that goes with the slice ``before``..``after`` of
    ``whole``, exact to the cent: ``amount * after / whole`` less
    ``amount * before / whole``, each rounded, so that the slices of ``whole``
    (partial refunds, one after another) add up to ``amount`` exactly."""

    def upto(point):
        return cents(Decimal(amount) * Decimal(point) / Decimal(whole))

    return upto(after) - upto(before)


def amount_sum(condition=None):
    """The sum of the amounts of the lines matching ``condition`` (zero when
    none), for ``aggregate`` or ``annotate`` over ``LedgerLine``."""
    return Sum(
        "amount",
        filter=condition,
        default=ZERO,
        output_field=DecimalField(max_digits=18, decimal_places=2),
    )


def sums(lines, **conditions):
    """Aggregate ``lines`` (a ``LedgerLine`` queryset) in one query: each keyword
    names a ``Q`` condition, the result maps it to the sum of matching amounts."""
    totals = lines.aggregate(
        **{name: amount_sum(condition) for name, condition in conditions.items()}
    )
    # SQLite sums decimals with floating point; cents are exact again once rounded.
    return {name: cents(total) for name, total in totals.items()}


def balance(acc):
    return sums(LedgerLine.objects.filter(account=acc), total=Q())["total"]


def by_pool(lines):
    """``{pool: balance}`` of ``lines`` (a ``LedgerLine`` queryset on accounts
    kept per pool: campaign reserves, collaboration holds), in one query;
    pools with nothing in them are left out."""
    rows = lines.values("account__pool").annotate(total=Sum("amount")).order_by()
    return {row["account__pool"]: cents(row["total"]) for row in rows if row["total"]}


# --- The check ----------------------------------------------------------------------


def _problem(code, message, **details):
    return {"code": code, "message": message, **details}


def _one_sided(entry):
    return _problem("one_sided_entry", f"Entry #{entry} has fewer than two lines.", entry=entry)


def check_ledger(*, limit=20):
    """Check that the books balance, and record the result as a ``LedgerCheck``.

    Four things must hold: every entry's lines sum to zero; every entry has at
    least two lines; no account outside ``Account.MAY_GO_NEGATIVE`` is below
    zero; and the lines of each currency sum to zero overall. Each is one
    grouped query over the whole ledger (grouped in the database, not in
    Python), so the check grows with the ledger and no faster. Up to
    ``limit`` examples of each problem are kept. Returns the ``LedgerCheck``.
    """
    started_at = timezone.now()
    began = time.perf_counter()
    problems = []
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            # One consistent view of the books while the four queries run.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        # One pass over the lines, in entry order (the entry index streams it):
        # entries that do not sum to zero or have a single line.
        wrong = (
            LedgerLine.objects.values("entry_id")
            .annotate(total=Sum("amount"), count=Count("pk"))
            .filter(~Q(total=0) | Q(count__lt=2))
            .order_by("entry_id")[:limit]
        )
        for row in wrong:
            entry, total = row["entry_id"], cents(row["total"])
            if total != ZERO:
                problems.append(
                    _problem("unbalanced_entry", f"Entry #{entry} sums to {total}.", entry=entry)
                )
            if row["count"] < 2:
                problems.append(_one_sided(entry))
        # Entries with no line at all, through the same index.
        empty = (
            LedgerEntry.objects.filter(~Exists(LedgerLine.objects.filter(entry=OuterRef("pk"))))
            .values_list("pk", flat=True)
            .order_by("pk")[:limit]
        )
        problems += [_one_sided(entry) for entry in empty]
        # Every account's total, hashed in the database with no join (few are
        # below zero, and most of those are the outside world's); the accounts
        # that may not go below zero are picked from those few.
        below_zero = dict(
            LedgerLine.objects.values("account_id")
            .annotate(total=Sum("amount"))
            .filter(total__lt=0)
            .order_by()
            .values_list("account_id", "total")
        )
        negative = (
            Account.objects.filter(pk__in=below_zero)
            .exclude(kind__in=Account.MAY_GO_NEGATIVE)
            .order_by("pk")
            .values_list("pk", "key")[:limit]
        )
        for pk, key in negative:
            problems.append(
                _problem(
                    "negative_account",
                    f"Account {key} is at {cents(below_zero[pk])}.",
                    account=pk,
                )
            )
        overall = LedgerLine.objects.values("account__currency").annotate(total=Sum("amount"))
        for row in overall:
            if cents(row["total"]) != ZERO:
                problems.append(
                    _problem(
                        "books_off",
                        f"All {row['account__currency']} lines sum to {cents(row['total'])}.",
                        currency=row["account__currency"],
                    )
                )
        entries = LedgerEntry.objects.count()
    return LedgerCheck.objects.create(
        started_at=started_at,
        seconds=Decimal(time.perf_counter() - began).quantize(Decimal("0.001")),
        entries=entries,
        problems=problems,
    )
