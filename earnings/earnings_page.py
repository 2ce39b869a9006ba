"""What the earnings page reads of the creator, in one plain SQL query, and
the page kept under the creator's versions so that a returning creator reads
nothing (``kept_earnings_page``).

Built by the ORM (four filtered joins, four scalar subqueries) the query took
more Python to build and compile than the rest of the page together, and far
more than PostgreSQL takes to run it. The SQL is written once per process with
every table and column name from the models' ``_meta``; the request gives
only parameters. The money's fragments are keyed on ``money_version``, read
here, so a posting shows at once whenever the page is read.
"""

from dataclasses import dataclass
from datetime import UTC
from functools import cache

from django.db import connection
from django.db.models import DateTimeField
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from core import versions
from core.plain_sql import column, instance, table_as
from creators.models.profiles import CreatorProfile
from creators.signals import creator_version
from earnings.models.checks import IdentityCheck, PayoutFreeze, TaxDetails
from earnings.models.methods import PayoutMethod
from earnings.models.payouts import Payout
from earnings.models.statements import Statement
from earnings.selectors import PayoutReadiness
from earnings.signals import earnings_version
from payments.models import Account, LedgerEntry, LedgerLine


@dataclass
class EarningsPageCreator:
    """What the earnings page needs of the creator besides the money."""

    pk: int
    readiness: PayoutReadiness
    statement_count: int
    payout_count: int
    money_version: str  # changes with every ledger posting the page's money is summed from
    readiness_version: str  # every value of the readiness read, for its cached fragment


# What the page shows of each part of the readiness: (name, model, alias, fields).
READINESS_SHOWN = (
    (
        "method",
        PayoutMethod,
        "m",
        ("kind", "bank", "account_number", "wallet", "phone", "validated_name", "usable_from"),
    ),
    ("tax_details", TaxDetails, "t", ("npwp", "name")),
    ("identity_check", IdentityCheck, "i", ("checked_at",)),
    ("freeze", PayoutFreeze, "f", ()),
)


@cache
def _sql():
    """The profile of the user ``%s`` with its readiness, the numbers of its
    statements and payouts, and the versions of the ledger rows its money is
    summed from: the sums of the ids of the entries naming the creator and of
    the lines on the creator's accounts. The ledger is append-only, so each
    sum grows with each posting, whatever order concurrent postings commit in
    (a highest id would miss one committed after a later one)."""
    me = column(CreatorProfile, "id", "p")

    def of_creator(select, source, creator):
        return f"(SELECT {select} FROM {source} WHERE {creator} = {me})"  # noqa: S608  # nosec B608

    statements = of_creator("COUNT(*)", table_as(Statement, "s"), column(Statement, "creator", "s"))
    payouts = of_creator("COUNT(*)", table_as(Payout, "o"), column(Payout, "creator", "o"))
    entries = of_creator(
        f"COALESCE(SUM({column(LedgerEntry, 'id', 'e')}), 0)",
        table_as(LedgerEntry, "e"),
        column(LedgerEntry, "creator", "e"),
    )
    lines = of_creator(
        f"COALESCE(SUM({column(LedgerLine, 'id', 'l')}), 0)",
        f"{table_as(LedgerLine, 'l')} JOIN {table_as(Account, 'a')} "
        f"ON {column(Account, 'id', 'a')} = {column(LedgerLine, 'account', 'l')}",
        column(Account, "creator", "a"),
    )
    shown = ", ".join(
        column(model, field, alias)
        for _part, model, alias, fields in READINESS_SHOWN
        for field in ("id", *fields)
    )
    method, freeze = column(PayoutMethod, "creator", "m"), column(PayoutFreeze, "creator", "f")
    taxes, identity = column(TaxDetails, "creator", "t"), column(IdentityCheck, "creator", "i")
    return (
        f"SELECT {me}, {statements}, {payouts}, {entries}, {lines}, {shown} "  # noqa: S608  # nosec B608
        f"FROM {table_as(CreatorProfile, 'p')} "
        f"LEFT JOIN {table_as(PayoutMethod, 'm')} ON {method} = {me} "
        f"AND {column(PayoutMethod, 'is_current', 'm')} = %s "
        f"LEFT JOIN {table_as(TaxDetails, 't')} ON {taxes} = {me} "
        f"LEFT JOIN {table_as(IdentityCheck, 'i')} ON {identity} = {me} "
        f"LEFT JOIN {table_as(PayoutFreeze, 'f')} ON {freeze} = {me} "
        f"AND {column(PayoutFreeze, 'lifted_at', 'f')} IS NULL "
        f"WHERE {column(CreatorProfile, 'user', 'p')} = %s "
        "LIMIT 1"
    )


def _datetime(value):
    """A datetime as the ORM reads it: SQLite gives text, or a naive UTC time."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and timezone.is_naive(value):
        value = timezone.make_aware(value, UTC)
    return value


def _part(model, fields, values):
    """A ``model`` object holding ``fields`` (the others deferred), or None."""
    pk, *values = values
    if pk is None:
        return None
    values = [
        _datetime(value) if isinstance(model._meta.get_field(name), DateTimeField) else value
        for name, value in zip(fields, values, strict=True)
    ]
    names = ["id", *(model._meta.get_field(name).attname for name in fields)]
    return instance(model, **dict(zip(names, [pk, *values], strict=True)))


def creator_for_earnings_page(*, user):
    """The user's creator profile (an ``EarningsPageCreator``, or None) with, in
    one query, what the earnings page shows beside the money: its
    ``readiness`` (each part holding the fields the page shows),
    ``statement_count`` and ``payout_count`` for the pages of statements and
    payouts, and ``money_version``, which changes with every ledger entry naming
    the creator and every line on the creator's accounts (what the balances and
    the months are summed from), for the money's cached fragments."""
    with connection.cursor() as cursor:
        cursor.execute(_sql(), [True, user.pk])
        row = cursor.fetchone()
    if row is None:
        return None
    pk, statement_count, payout_count, entries_version, lines_version, *rest = row
    parts = {}
    for name, model, _alias, fields in READINESS_SHOWN:
        parts[name] = _part(model, fields, rest[: len(fields) + 1])
        rest = rest[len(fields) + 1 :]
    return EarningsPageCreator(
        pk=pk,
        readiness=PayoutReadiness(**parts),
        statement_count=statement_count,
        payout_count=payout_count,
        money_version=f"{entries_version}-{lines_version}",
        readiness_version="|".join(map(str, row[5:])),
    )


def kept_earnings_page(key, read):
    """``read()``'s HTML of the earnings page, kept under ``key`` (None: never
    kept) and the tokens of the creator's earnings version (every posting
    naming them, their statements, payouts and payout details:
    ``earnings.signals``) and creator version (their profile: a deleted one is
    read again, and found gone), by ``core.versions.kept_for_owner``.
    ``read()`` gives ``(profile id, html, until)``: the HTML is read again from
    ``until`` (an aware datetime, or None), the next instant it changes by itself."""
    return versions.kept_for_owner(
        key,
        lambda profile_id: [earnings_version(profile_id), creator_version(profile_id)],
        read,
    )
