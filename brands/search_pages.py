"""Pages of creator search that never count every creator.

Why an estimate and not keyset pagination: a business reads search results as
numbered pages with a total ("1,234 creators found"), the page links already
keep the filters, and every sort the form offers would need its own cursor
(``engagement`` puts creators without a rate last, so its key is nullable).
What cost 58 ms per page at 100,000 creators was the exact ``COUNT(*)``, not
the page itself, so only the count changes:

- a capped count, ``SELECT COUNT(*) FROM (<the filtered search> LIMIT n + 1)``,
  reads at most ``n + 1`` rows. Up to ``n`` found, the page says exactly how
  many, as before;
- above ``n`` it says "about 100,000 creators" on PostgreSQL, from the
  planner's row estimate of the same filtered query (``EXPLAIN (FORMAT JSON)``,
  which plans without running it), and "more than 1,000 creators" on SQLite,
  which has no such estimate.

The queries are the same whatever the number of creators (PostgreSQL always
asks for the estimate, so a page has one query more there, never a different
number at another size). Above the threshold there is no last page: a page
has "Next" when one row more than a page was found after it, so any page
reachable by "Next" is served, and a page number past the end shows the first.
"""

import hashlib
import math

from django.core.cache import caches
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.utils.functional import SimpleLazyObject, cached_property

from brands import page_reads
from core import pagination
from core.pagination import count_at_most

# Up to this many creators, a search says exactly how many it found.
EXACT_COUNT_UP_TO = 1_000


def about(number):
    """``number`` rounded to two significant figures: 99,874 -> 100,000."""
    if number < 100:
        return number
    scale = 10 ** (int(math.log10(number)) - 1)
    return round(number / scale) * scale


def filters_of(form_class, data, names):
    """``(form, filters)``: the filter form ``form_class`` of ``data`` (the
    query string), made only when used (rendered), and its valid filters
    (``form.filters()``), or None when it is not valid.

    Whether data are valid and what they filter change only with the choices,
    i.e. the names' version (``names``): kept in the ``fragments`` cache under
    it and the data. Without it (Redis down) the form is made and validated."""
    form = SimpleLazyObject(lambda: form_class(data))
    if not names:
        return form, (form.filters() if form.is_valid() else None)
    shown = (form_class.__qualname__, names, sorted(data.lists()))
    key = "filters:" + hashlib.md5(repr(shown).encode(), usedforsecurity=False).hexdigest()
    fragments = caches["fragments"]
    kept = fragments.get(key)
    if kept is None:
        kept = (form.filters() if form.is_valid() else None,)
        fragments.set(key, kept)
    return form, kept[0]


def planner_estimate(found):
    """PostgreSQL's estimate of how many rows ``found`` has (a queryset, or the
    filters of ``page_reads.search_rows``), else None; kept five minutes."""
    if isinstance(found, dict):
        return page_reads.search_estimate(found)
    return pagination.planner_estimate(found)


class SearchPage(Page):
    def __init__(self, object_list, number, paginator, *, more):
        super().__init__(object_list, number, paginator)
        self.more = more

    def has_next(self):
        return self.more

    def end_index(self):
        return (self.number - 1) * self.paginator.per_page + len(self.object_list)


class SearchPaginator(Paginator):
    """A paginator whose total is exact up to ``exact_up_to`` rows and is
    otherwise "about N" (``estimate``) or "more than ``exact_up_to``"."""

    def __init__(self, object_list, per_page, *, exact_up_to=EXACT_COUNT_UP_TO):
        super().__init__(object_list, per_page)
        self.exact_up_to = exact_up_to

    @cached_property
    def _found(self):
        # The estimate is asked on every search (PostgreSQL), so that the
        # queries do not depend on how many creators there are.
        estimate = planner_estimate(self.object_list)
        return count_at_most(self.object_list, self.exact_up_to + 1), estimate

    @property
    def count(self):
        """The number found, exact up to ``exact_up_to``; above it, one more than that."""
        return self._found[0]

    @property
    def estimate(self):
        """The planner's estimate of the number found (PostgreSQL), else None."""
        return self._found[1]

    @property
    def exact(self):
        return self.count <= self.exact_up_to

    @property
    def about(self):
        """How many, about, above the threshold (PostgreSQL), else None. An
        estimate at or below the threshold when more than that were counted is
        plainly wrong (the planner guessed how selective the filters are): the
        page then says "more than 1,000" instead."""
        if self.exact or self.estimate is None or self.estimate <= self.exact_up_to:
            return None
        return about(self.estimate)

    def validate_number(self, number):
        if self.exact:
            return super().validate_number(number)
        return _whole_number(number)

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        if not rows and number > 1:
            raise EmptyPage("That page contains no results")
        return SearchPage(rows[: self.per_page], number, self, more=len(rows) > self.per_page)

    def get_page(self, number):
        try:
            return self.page(number)
        except PageNotAnInteger:
            return self.page(1)
        except EmptyPage:
            return self.page(self.num_pages if self.exact else 1)


def _whole_number(number):
    """``number`` as a page number from 1, without knowing the last page."""
    try:
        number = int(number)
    except (TypeError, ValueError):
        raise PageNotAnInteger("That page number is not an integer") from None
    if number < 1:
        raise EmptyPage("That page number is less than 1")
    return number


class RowsPaginator(SearchPaginator):
    """``SearchPaginator`` over the prepared reads of ``brands.page_reads``: the
    same pages, counts and estimates, the rows as dicts."""

    def __init__(self, campaign_id, filters, per_page, *, exact_up_to=EXACT_COUNT_UP_TO):
        super().__init__(None, per_page, exact_up_to=exact_up_to)
        self.campaign_id = campaign_id
        self.sort = filters.get("sort") or "followers"
        self.filters = {name: value for name, value in filters.items() if name != "sort"}

    @cached_property
    def _found(self):
        estimate = planner_estimate(self.filters)
        return page_reads.search_count(self.filters, self.exact_up_to + 1), estimate

    def page(self, number):
        """The page's rows and how many were found, in one query; counted on
        its own only past the last page (to find the last)."""
        wanted = _whole_number(number)
        rows = page_reads.search_rows(
            self.campaign_id,
            self.filters,
            sort=self.sort,
            offset=(wanted - 1) * self.per_page,
            limit=self.per_page + 1,
            counted_up_to=self.exact_up_to + 1,
        )
        if "_found" not in self.__dict__ and (rows or wanted == 1):
            self.__dict__["_found"] = (rows[0].found if rows else 0, planner_estimate(self.filters))
        number = self.validate_number(wanted)
        if not rows and number > 1:
            raise EmptyPage("That page contains no results")
        return SearchPage(rows[: self.per_page], number, self, more=len(rows) > self.per_page)


def _creator_id(row):
    return row["id"]


def kept_page(reads, names, campaign_id, filters, number, per_page):
    """``(page, digest)``: ``RowsPaginator(campaign_id, filters,
    per_page).get_page(number)``, its rows, number and counts kept by
    ``reads`` (a ``brands.page_reads.PageReads``) under the versions ``names``
    and those of the shown creators, for as long as the planner's estimate is
    kept (``ESTIMATE_SECONDS``); ``digest``: the rows' (None when not kept)."""

    def read():
        paginator = RowsPaginator(campaign_id, filters, per_page)
        page = paginator.get_page(number)
        return list(page.object_list), (page.number, page.more, paginator._found)

    kept = reads.kept_rows(names, read, _creator_id, timeout=pagination.ESTIMATE_SECONDS)
    shown, more, found = kept.state
    paginator = RowsPaginator(campaign_id, filters, per_page)
    paginator.__dict__["_found"] = found  # the cached property, as read with the rows
    return SearchPage(kept.rows, shown, paginator, more=more), kept.digest
