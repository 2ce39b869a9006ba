"""Pagination that counts only when the page needs the count.

Django's ``Paginator`` runs ``COUNT(*)`` before it reads any page. Most
people's lists (their invoices, collaborations, Series) fit on the first
page, where the rows themselves say how many there are: the first page is read
one row past its size, and a list that ends there is counted by its length.
A longer list is counted as before, when the page asks for its page count.
A count already read with the row the list belongs to is passed as ``count``.
"""

import hashlib
import json

from django.core.cache import caches
from django.core.paginator import Page
from django.core.paginator import Paginator as DjangoPaginator
from django.db import connections

from core import versions


def _page_number(number):
    """The page ``get_page(number)`` starts from: ``number`` as a whole number,
    or 1 for anything that is not a page number (Django's ``get_page`` answers
    those with the first page)."""
    try:
        return int(number)
    except (TypeError, ValueError):
        return 1


class Paginator(DjangoPaginator):
    def __init__(self, object_list, per_page, *, count=None, **options):
        super().__init__(object_list, per_page, **options)
        if count is not None:
            self.count = count  # replaces the cached property: no COUNT(*)

    def _counted(self):
        return "count" in self.__dict__

    def get_page(self, number):
        if not self._counted() and not self.orphans and _page_number(number) == 1:
            return self.page(1)
        return super().get_page(number)

    def page(self, number):
        if number != 1 or self._counted() or self.orphans:
            return super().page(number)
        rows = list(self.object_list[: self.per_page + 1])
        if len(rows) <= self.per_page:
            self.count = len(rows)
        return self._get_page(rows[: self.per_page], 1, self)


def page_of(queryset, number, per_page, *, count=None):
    """Page ``number`` (as given in the URL; anything else is the first page,
    past the end the last) of ``queryset``, ``per_page`` rows a page."""
    return Paginator(queryset, per_page, count=count).get_page(number)


def kept_page(key, names, queryset, number, per_page):
    """``page_of(queryset(), number, per_page)``, its rows and count kept in the
    process's fragments cache under ``key``, the page number and the tokens of
    the versions ``names`` (``core.versions.kept``): a warm page reads nothing
    from the database. The versions must move on with every change of what the
    rows show and of who may see them."""

    def read():
        page = page_of(queryset(), number, per_page)
        rows = list(page.object_list)
        page.has_other_pages()  # counts the list where the page links need it
        return rows, page.number, page.paginator.count

    rows, shown, count = versions.kept(f"{key}:{_page_number(number)}", names, read)
    return Page(rows, shown, Paginator([], per_page, count=count))


def page_of_counted_rows(queryset, number, per_page):
    """Page ``number`` of ``queryset`` whose rows carry ``total``, the number of
    rows in it (a window, ``Window(Count("pk"))``): the rows and the count in
    one query. A number past the end, or not a number, is answered as
    ``page_of`` does."""
    try:
        wanted = int(number if number is not None else 1)
    except (TypeError, ValueError):
        wanted = 0
    rows = list(queryset[(wanted - 1) * per_page : wanted * per_page]) if wanted >= 1 else []
    if not rows and wanted != 1:
        page = page_of(queryset, number, per_page)
        page.object_list = list(page.object_list)
        return page
    return Page(rows, wanted, Paginator(queryset, per_page, count=rows[0].total if rows else 0))


def count_at_most(queryset, limit):
    """How many rows ``queryset`` has, reading at most ``limit`` of them."""
    return queryset.order_by().values("pk")[:limit].count()


# PostgreSQL's estimates change only when its statistics do (ANALYZE, run by
# autovacuum as tables grow): a few minutes old, an estimate is as good.
ESTIMATE_SECONDS = 300


def planner_estimate(queryset):
    """PostgreSQL's estimate of how many rows ``queryset`` returns (planned, not
    run), or None on other databases. Kept for ``ESTIMATE_SECONDS`` in the
    process's ``fragments`` cache under the query's SQL and parameters."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return None
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    digest = hashlib.sha256(repr((queryset.db, sql, params)).encode()).hexdigest()

    def explain():
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
            plan = cursor.fetchone()[0]
        if isinstance(plan, str):
            plan = json.loads(plan)
        return int(plan[0]["Plan"]["Plan Rows"])

    return caches["fragments"].get_or_set(f"planner-estimate:{digest}", explain, ESTIMATE_SECONDS)
