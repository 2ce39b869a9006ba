"""The version of what a buyer owns, read in one plain SQL query.

A buyer's library (and a fan's home) is kept in the process's fragment
cache under this version, so a page served from it costs one small query
instead of the ORM building the list. The version changes whenever the
library would show something else:

- the set of their paid purchases: its size and the sum of its ids (ids only
  grow, so a purchase paid and another refunded at once still change the
  sum), and the latest refund of any of their purchases;
- the Series they own: the latest ``updated_at`` among them, which every
  change of a title, cover, status, episode or discount moves on
  (``series.services.page_version``);
- their creators: the latest ``updated_at`` among them (a new name).

A purchase's price, date and reference never change once it is paid.
The SQL is written by hand, with the tables' names from the models, because
building it with the ORM costs more than PostgreSQL takes to run it.
"""

from django.db import connection

from creators.models import CreatorProfile
from series.models import Purchase, Series


def _tables():
    return {
        "purchase": Purchase._meta.db_table,
        "series": Series._meta.db_table,
        "creator": CreatorProfile._meta.db_table,
    }


def owned_version_columns(user_id):
    """The columns of the version of what ``user_id`` owns: a list of scalar
    SQL subqueries and their parameters, for a query of their own
    (``owned_version``) or a larger one (the fan's home)."""
    tables = _tables()
    paid = "FROM {purchase} p WHERE p.buyer_id = %s AND p.status = %s".format(**tables)
    owned = (
        "FROM {purchase} p JOIN {series} s ON s.id = p.series_id "
        "JOIN {creator} c ON c.id = s.creator_id "
        "WHERE p.buyer_id = %s AND p.status = %s"
    ).format(**tables)
    any_status = "FROM {purchase} p WHERE p.buyer_id = %s".format(**tables)
    # Tables' names from the models, values as parameters.
    columns = [
        f"(SELECT COUNT(*) {paid})",
        f"(SELECT SUM(p.id) {paid})",
        f"(SELECT MAX(p.refunded_at) {any_status})",
        f"(SELECT MAX(s.updated_at) {owned})",
        f"(SELECT MAX(c.updated_at) {owned})",
    ]
    status = Purchase.Status.PAID.value
    params = [user_id, status, user_id, status, user_id, user_id, status, user_id, status]
    return columns, params


def owned_version(*, user):
    """The version of the Series ``user`` owns and the number of them (their
    paid purchases), in one query: ``(count, version)``."""
    columns, params = owned_version_columns(user.pk)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(columns), params)
        row = cursor.fetchone()
    return row[0], repr(row)
