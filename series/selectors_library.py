"""The version of what a buyer owns, read in one plain SQL query.

A buyer's library (and a fan's home) is kept in the process's fragment
cache under this version, so a page served from it costs one small query
instead of the ORM building the list. The version changes whenever the
library would show something else:

- the set of their paid purchases: its size and the sum of its ids (ids only
  grow, so a purchase paid and another refunded at once still change the
  sum), and the latest refund of any of their purchases;
- the Series they own: the sum of their ``updated_at``, which every change
  of a title, cover, status, episode or discount moves on
  (``series.services.page_version``);
- their creators: the sum of their ``updated_at`` (a new name).

A purchase's price, date and reference never change once it is paid.
The SQL is written by hand, with the tables' names from the models, because
building it with the ORM costs more than PostgreSQL takes to run it.
"""

from datetime import UTC, datetime, timedelta

from django.db import connection

from creators.models import CreatorProfile
from series.models import Purchase, Series

# Tables' names from the models (``_tables``), instants as whole
# microseconds (``microseconds``), values as parameters.
OWNED_VERSION_SQL = (
    "SELECT SUM(CASE WHEN p.status = %s THEN 1 ELSE 0 END) AS owned,"
    " SUM(CASE WHEN p.status = %s THEN p.id END) AS owned_ids,"
    " MAX(p.refunded_at) AS refunded,"
    " SUM(CASE WHEN p.status = %s THEN {series_updated} END) AS series_updated,"
    " SUM(CASE WHEN p.status = %s THEN {creator_updated} END) AS creators_updated"
    " FROM {purchase} p JOIN {series} s ON s.id = p.series_id"
    " JOIN {creator} c ON c.id = s.creator_id WHERE p.buyer_id = %s"
)


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def microseconds(column):
    """SQL for the instant in ``column`` as whole microseconds since 1970.

    Versions sum these rather than take their latest: ``updated_at`` only
    grows, so any change of any row changes the sum, whatever order
    concurrent changes commit in (the latest could hide one committed
    later with an earlier time)."""
    if connection.vendor == "sqlite":  # stored as ISO text, in UTC
        return (
            f"(CAST(strftime('%%s', {column}) AS INTEGER) * 1000000"
            f" + CAST(substr({column}, 21, 6) AS INTEGER))"
        )
    return f"CAST(EXTRACT(EPOCH FROM {column}) * 1000000 AS BIGINT)"


def microseconds_of(instants):
    """The sum ``microseconds`` makes in SQL, of these aware datetimes."""
    return sum((instant - EPOCH) // timedelta(microseconds=1) for instant in instants)


def _tables():
    return {
        "purchase": Purchase._meta.db_table,
        "series": Series._meta.db_table,
        "creator": CreatorProfile._meta.db_table,
    }


def owned_version_source(user_id):
    """The version of what ``user_id`` owns as SQL and its parameters: one
    row of five columns (the number of paid purchases first), for a query of
    its own (``owned_version``) or a larger one (the fan's home). One
    aggregate over one join: PostgreSQL plans it in a fraction of the time
    of a subquery per column."""
    sql = OWNED_VERSION_SQL.format(
        series_updated=microseconds("s.updated_at"),
        creator_updated=microseconds("c.updated_at"),
        **_tables(),
    )
    return sql, [Purchase.Status.PAID.value] * 4 + [user_id]


def owned_version(*, user):
    """The version of the Series ``user`` owns and the number of them (their
    paid purchases), in one query: ``(count, version)``."""
    sql, params = owned_version_source(user.pk)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return row[0] or 0, repr(row)
