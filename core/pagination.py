"""Pagination that counts only when the page needs the count.

Django's ``Paginator`` runs ``COUNT(*)`` before it reads any page. Most
people's lists (their invoices, collaborations, Series) fit on the first
page, where the rows themselves say how many there are: the first page is read
one row past its size, and a list that ends there is counted by its length.
A longer list is counted as before, when the page asks for its page count.
A count already read with the row the list belongs to is passed as ``count``.
Lists of 100,000 rows (``EstimatedCountPaginator``) are counted up to a
threshold and estimated by PostgreSQL's planner above it.
"""

import hashlib
import json

from django.core.cache import caches
from django.core.paginator import EmptyPage, Page, PageNotAnInteger
from django.core.paginator import Paginator as DjangoPaginator
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext_lazy as _

from core import versions


def page_number(number):
    """The page ``get_page(number)`` starts from: ``number`` as a whole number,
    or 1 for anything that is not a page number (Django's ``get_page`` answers
    those with the first page)."""
    try:
        return int(number)
    except (TypeError, ValueError):
        return 1


class Paginator(DjangoPaginator):
    def __init__(self, object_list, per_page, *args, count=None, **options):
        super().__init__(object_list, per_page, *args, **options)
        if count is not None:
            self.count = count  # replaces the cached property: no COUNT(*)

    def _counted(self):
        return "count" in self.__dict__

    def get_page(self, number):
        if not self._counted() and not self.orphans and page_number(number) == 1:
            return self.page(1)
        return super().get_page(number)

    def page(self, number):
        if number != 1 or self._counted() or self.orphans:
            return super().page(number)
        return self._get_page(self.first_page_rows(), 1, self)

    def first_page_rows(self, rows=None):
        """The first page's rows, read one past the page's size: a list that
        ends there is counted by its length. ``rows`` reads the same rows in
        another shape (the admin reads them as values), ``object_list`` when
        not given; the count, when one is needed, is of ``object_list``."""
        rows = list((self.object_list if rows is None else rows)[: self.per_page + 1])
        if len(rows) <= self.per_page:
            self.count = len(rows)
        return rows[: self.per_page]


def page_of(queryset, number, per_page, *, count=None):
    """Page ``number`` (as given in the URL; anything else is the first page,
    past the end the last) of ``queryset``, ``per_page`` rows a page."""
    return Paginator(queryset, per_page, count=count).get_page(number)


def page_read_when_shown(queryset, number, per_page, *, count):
    """Page ``number`` of a list of ``count`` rows (known already), whose rows
    are read from ``queryset()`` only when something iterates them: a page
    whose rows sit in a kept fragment never builds its query."""
    paginator = Paginator([], per_page, count=count)
    shown = paginator.get_page(number).number
    start = (shown - 1) * per_page
    rows = SimpleLazyObject(lambda: list(queryset()[start : start + per_page]))
    return Page(rows, shown, paginator)


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

    rows, shown, count = versions.kept(f"{key}:{page_number(number)}", names, read)
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


def _digest(using, sql, params):
    return hashlib.sha256(repr((using, sql, params)).encode()).hexdigest()


def pk_query(queryset):
    """The SQL and parameters reading the pks of ``queryset``, and their digest
    (the key of what is kept about the query)."""
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    return sql, params, _digest(queryset.db, sql, params)


def planner_estimate(queryset, *, query=None):
    """PostgreSQL's estimate of how many rows ``queryset`` returns (planned, not
    run), or None on other databases. Kept for ``ESTIMATE_SECONDS`` in the
    process's ``fragments`` cache under the query's SQL and parameters
    (``query``: ``pk_query(queryset)``, when read already)."""
    sql, params, digest = query or pk_query(queryset)
    return sql_estimate(sql, params, using=queryset.db, digest=digest)


def sql_estimate(sql, params, *, using=DEFAULT_DB_ALIAS, digest=None):
    """PostgreSQL's estimate of how many rows ``sql`` returns, or None on other
    databases, kept as ``planner_estimate`` keeps it."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return None

    def explain():
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
            plan = cursor.fetchone()[0]
        if isinstance(plan, str):
            plan = json.loads(plan)
        return int(plan[0]["Plan"]["Plan Rows"])

    key = f"planner-estimate:{digest or _digest(using, sql, params)}"
    return caches["fragments"].get_or_set(key, explain, ESTIMATE_SECONDS)


class EstimatedCountPaginator(Paginator):
    """For lists over tables of 100,000 rows, where ``COUNT(*)`` took longer
    than the rest of the page. Up to ``exact_up_to`` rows the count is exact (a
    capped count reads at most that many); above, it is PostgreSQL's estimate
    and the page says "about N" (``estimated``). A query found above the
    threshold is not counted again for ``ESTIMATE_SECONDS`` (as long as its
    estimate is kept): within those minutes a list shrunk below the threshold
    still says "about N", never fewer than the threshold. On other databases
    it is counted. Pages past the estimated last one are still served, so no
    row is out of reach when the estimate falls short. A list that fits on its
    first page is counted by its length, as by ``Paginator``."""

    exact_up_to = 10_000
    _estimated = False

    @cached_property
    def count(self):
        query = pk_query(self.object_list)
        estimate = planner_estimate(self.object_list, query=query)
        above = f"counted-above:{self.exact_up_to}:{query[2]}"
        if estimate is not None and caches["fragments"].get(above):
            self._estimated = True
            return max(estimate, self.exact_up_to + 1)
        counted = count_at_most(self.object_list, self.exact_up_to + 1)
        if counted <= self.exact_up_to:
            return counted
        if estimate is None:
            return self.object_list.count()
        caches["fragments"].set(above, True, ESTIMATE_SECONDS)
        self._estimated = True
        return max(estimate, counted)

    @property
    def estimated(self):
        return self.count is not None and self._estimated

    def validate_number(self, number):
        if not self.estimated:
            return super().validate_number(number)
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(_("That page number is not an integer")) from None
        if number < 1:
            raise EmptyPage(_("That page number is less than 1"))
        return number

    def page(self, number):
        if (number == 1 and not self._counted()) or not self.estimated:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        return self._get_page(self.object_list[bottom : bottom + self.per_page], number, self)
