"""Changelists whose rows come from the fragments cache (``CachedRowsMixin``)."""

import pickle
from collections.abc import Sequence
from functools import partial, wraps
from hashlib import sha256

from django.contrib.admin.filters import DateFieldListFilter, FieldListFilter
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.templatetags.admin_list import (
    items_for_result,
    result_headers,
    result_hidden_fields,
    results,
)
from django.contrib.admin.views.main import ChangeList
from django.core.cache import caches
from django.core.paginator import InvalidPage
from django.db import models
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.html import format_html_join

from core.admin_site.dates import DateDrilldownMixin
from core.admin_site.frame import fragment_keys
from core.admin_site.kept import kept_for_list, list_tokens
from core.pagination import ESTIMATE_SECONDS, Paginator


def built_once_per_request(get_queryset):
    """For a ``ModelAdmin.get_queryset`` costly to build (annotations,
    subqueries), which a changelist asks for more than once (its rows, then a
    filter reading the distinct values of a field): built once per request,
    each caller given its own copy (``all()``, nothing evaluated is shared)."""

    @wraps(get_queryset)
    def built(model_admin, request):
        querysets = request.__dict__.setdefault("_admin_querysets", {})
        if model_admin not in querysets:
            querysets[model_admin] = get_queryset(model_admin, request)
        return querysets[model_admin].all()

    return built


def _leaves_the_list_as_it_is(request, queryset):
    return None  # ChangeList.get_queryset keeps the queryset it has


class CachedRowsChangeList(DateDrilldownMixin, ChangeList):
    """A changelist whose rows come from the fragments cache. Rendering a row
    (Django's ``items_for_result``: the checkbox widget, date and number
    formats, the link) costs far more than reading what it shows, and even
    loading the rows as model instances costs more than reading their values,
    so each row's HTML is stored under a key made of everything it depends on:
    the values of its ``list_only`` fields as read now (so a changed amount or
    status is a new key, never a stale row), its primary key, the columns, the
    list's filters kept in the links, the language and the time zone. Rows not
    in the cache are loaded (one query) and rendered by Django as before."""

    def get_filters(self, request):
        """Django's filters; a field's filter not chosen leaves the list as it
        is (Django's ``FieldListFilter.queryset`` would filter on an empty
        ``Q()``, cloning the queryset for nothing), so it is not asked to."""
        found = super().get_filters(request)
        for spec in found[0]:
            if not spec.used_parameters and type(spec).queryset is FieldListFilter.queryset:
                spec.queryset = _leaves_the_list_as_it_is
        return found

    def get_results(self, request):
        """Django's ``ChangeList.get_results`` with ``list_only``: the page's rows
        are read as the values of those fields (``ShownRows``, the rows' cache
        key) and loaded as model instances only to render rows missing from the
        cache; ``queryset`` itself stays whole (for actions and the count). The
        first page is read by ``core.pagination.Paginator.first_page_rows``: a
        list that fits on it is counted by its length, without a ``COUNT``.
        With ``list_versions`` the rows and counts are kept under them
        (``core.admin_site.kept``): a warm list reads nothing."""
        fields = getattr(self.model_admin, "list_only", None)
        if not fields or self.list_editable:
            return super().get_results(request)
        per_page = self.list_per_page
        columns = self._shown_columns(fields)
        paginator = self.model_admin.get_paginator(request, self.queryset, per_page)
        read = partial(self._read_page, columns, paginator)
        key = self._kept_page_key(request, columns)
        queryset = self.queryset.only(*fields)
        if key is None:
            rows, count, estimated, full_count = read()
            shown = ShownRows(queryset, columns, rows)
        else:
            # The rows kept pickled: a warm list never rebuilds them (unpickling
            # their dates and decimals took longer than the rest of the read).
            def read_pickled():
                rows, *counts = read()
                return (ShownRows.pickle(rows), len(rows), *counts)

            # An estimated count is kept no longer than the estimate itself.
            pickled, length, count, estimated, full_count = kept_for_list(
                request,
                self.model_admin,
                key,
                read_pickled,
                seconds=lambda page: ESTIMATE_SECONDS if page[3] else None,
            )
            paginator.count = count  # (replaces the cached property: no count)
            paginator._estimated = estimated
            shown = ShownRows(queryset, columns, pickled=pickled, length=length)
        self.result_count = count
        self.show_full_result_count = self.model_admin.show_full_result_count
        self.full_result_count = full_count
        self.show_admin_actions = not self.show_full_result_count or bool(self.full_result_count)
        self.can_show_all = self.result_count <= self.list_max_show_all
        self.multi_page = self.result_count > per_page
        self.result_list = shown
        self.paginator = paginator

    def _read_page(self, columns, paginator):
        """What ``get_results`` reads from the database: the page's rows (values
        of ``columns``), the list's count, whether it is an estimate, and the
        count of the whole list when shown."""
        per_page = self.list_per_page
        values = self.queryset.values_list(*columns)
        rows = None
        if self.page_num == 1 and not self.show_all and isinstance(paginator, Paginator):
            rows = paginator.first_page_rows(values)
        count = paginator.count
        multi_page = count > per_page
        if rows is None and ((self.show_all and count <= self.list_max_show_all) or not multi_page):
            rows = list(values)
        elif rows is None:
            try:
                number = paginator.validate_number(self.page_num)
            except InvalidPage:
                raise IncorrectLookupParameters from None
            rows = list(values[(number - 1) * per_page : number * per_page])
        full_count = None
        if self.model_admin.show_full_result_count:
            full_count = self.root_queryset.count()
        return rows, count, bool(getattr(paginator, "estimated", False)), full_count

    def _kept_page_key(self, request, columns):
        """The key the page's rows and counts are kept under (besides the
        list's versions): the list, its columns, its query string (filters,
        search, sorting, page), its page size, the language (names sort in it)
        and the time zone (dates are filtered in it); None when the page is
        read every time: a list naming no versions, or filtered on the clock
        (``unkept_parameters``)."""
        if list_tokens(request, self.model_admin) is None:
            return None
        unkept = getattr(self.model_admin, "unkept_parameters", ())
        if any(name in request.GET for name in unkept):
            return None
        state = (
            self.model_admin.admin_site.name,
            self.opts.label,
            columns,
            sorted(request.GET.lists()),
            (self.page_num, self.list_per_page, self.list_max_show_all),
            translation.get_language(),
            timezone.get_current_timezone_name(),
        )
        return f"admin-page:{sha256(repr(state).encode()).hexdigest()}"

    def _shown_columns(self, fields):
        """The pk, each ``list_only`` field with the relations on its way (read
        as their ids) and the queryset's annotations: every value a row shows."""
        columns = ["pk"]
        for field in fields:
            parts = field.split("__")
            columns += ["__".join(parts[:end]) for end in range(1, len(parts) + 1)]
        return list(dict.fromkeys([*columns, *self.queryset.query.annotation_select]))

    def filters_key(self):
        """Everything the filter panel's HTML depends on besides the language
        (the cache key of ``{% block filters %}``), or None with counts shown
        (those are of the rows now): each filter's kind, title and choices as
        read on this request (related rows' names, distinct values, the dates
        of a date filter) and the list's query string, which every link keeps."""
        if self.add_facets:
            return None
        specs = []
        for spec in self.filter_specs:
            choices = getattr(spec, "lookup_choices", None)
            if isinstance(choices, models.QuerySet):
                choices = list(choices)  # evaluated once: choices() reuses its rows
            specs.append(
                (
                    type(spec).__qualname__,
                    str(spec.title),
                    spec.template,
                    repr(choices),
                    _links_key(spec),
                )
            )
        state = (
            self.opts.label,
            sorted(self.filter_params.items()),
            self.has_active_filters,
            str(self.clear_all_filters_qs),
            self.is_facets_optional,
            self.is_popup,
            timezone.get_current_timezone_name(),
        )
        return sha256(repr((state, specs)).encode()).hexdigest()

    @cached_property
    def page_key(self):
        """Everything the search form, the column headers and the pagination
        depend on besides the language (their fragments' key): the list, its
        query string (which every link keeps), the sorting, the count, the page."""
        state = (
            self.model_admin.admin_site.name,
            self.opts.label,
            tuple(map(str, self.list_display)),
            sorted(self.params.items()),
            sorted(self.get_ordering_field_columns().items()),
            (self.query, str(self.search_help_text), self.is_popup, self.to_field),
            (self.result_count, self.full_result_count, self.show_full_result_count),
            getattr(self.paginator, "estimated", False),
            (self.page_num, self.list_per_page, self.show_all, self.can_show_all),
            (self.multi_page, self.add_facets),
        )
        return sha256(repr(state).encode()).hexdigest()

    @cached_property
    def headers(self):
        """The column headers (Django's ``result_headers``), read only when the
        headers' fragment is not in the cache."""
        return list(result_headers(self))

    def num_sorted_fields(self):
        return sum(1 for header in self.headers if header["sortable"] and header["sorted"])

    def cached_result_list(self):
        """What Django's ``result_list`` tag gives ``change_list_results.html``.
        With rows read as ``ShownRows`` (``list_only``, no ``list_editable``),
        ``rows`` is their HTML in one piece for cached_rows_change_list.html,
        ``results`` only says whether there are any and the headers are read
        from ``cl`` in their cached fragment; else the rows are Django's."""
        listing = {
            "cl": self,
            "result_hidden_fields": list(result_hidden_fields(self)),
            "results": bool(self.result_list),
            "rows": None,
        }
        if isinstance(self.result_list, ShownRows):
            listing["rows"] = self.cached_rows()
        else:
            listing["results"] = list(results(self))
            listing["result_headers"] = self.headers
            listing["num_sorted_fields"] = self.num_sorted_fields()
        return listing

    def cached_rows(self):
        """The rows' HTML, ``<tr>`` by ``<tr>``. The whole page of rows is one
        cache entry per list and query string, used when every row's shown
        values are those it was made from; else (a row changed, a new row) each
        row is looked up under its own key and only the rows missing are
        rendered by Django. One entry per page, not per version of its rows,
        keeps the cache's memory to the pages staff look at."""
        common = (
            self.model_admin.admin_site.name,
            self.opts.label,
            tuple(map(str, self.list_display)),
            str(self.list_display_links),
            self.preserved_filters,
            self.is_popup,
            self.to_field,
            translation.get_language(),
            timezone.get_current_timezone_name(),
        )
        rows = self.result_list
        shown = rows.pickled
        cache = caches["fragments"]
        # One entry per list and query string (common: the page is in it), holding
        # the rows' values it was rendered from: a change replaces it. Compared
        # pickled (the values as read, pickled alike: equal pickles are equal
        # values, shown alike), which costs a fraction of a digest of their repr
        # (a millisecond for 100 rows) or of unpickling them.
        at = (common, sorted(self.params.items()), self.page_num)
        page_key = f"admin-rows-at:{sha256(repr(at).encode()).hexdigest()}"
        rendered_from, html = cache.get(page_key, (None, None))
        if rendered_from == shown:
            return html
        keys = [
            f"admin-row:{sha256(repr((common, row)).encode()).hexdigest()}" for row in rows.values
        ]
        found = cache.get_many(keys)
        by_pk = {result.pk: result for result in rows} if len(found) < len(keys) else {}
        for key, row in zip(keys, rows.values, strict=True):
            if key not in found and row[0] in by_pk:  # (not deleted since)
                cells = items_for_result(self, by_pk[row[0]], None)
                found[key] = format_html_join("", "{}", ((cell,) for cell in cells))
                cache.set(key, found[key])
        # Safe strings (Django's cells joined), kept so by the cache's pickling.
        shown_rows = ((found[key],) for key in keys if key in found)
        html = format_html_join("", "<tr>{}</tr>\n", shown_rows)
        cache.set(page_key, (shown, html))
        return html


def _links_key(spec):
    """A date filter's links: their parameters (the dates, from today), and
    their titles unless they are Django's (the same in a language)."""
    links = getattr(spec, "links", ())
    if type(spec) is DateFieldListFilter:
        return repr([params for _title, params in links])
    return repr([(str(title), params) for title, params in links])


class ShownRows(Sequence):
    """A page of rows as the values of their ``list_only`` columns (tuples, the
    pk first), which key their cached HTML; read as model instances (loaded
    with one query) only when a row is rendered or the list is read as such.
    Given ``pickled`` (``ShownRows.pickle``, a kept page) and its ``length``,
    the values are unpickled only when something reads them."""

    def __init__(self, queryset, columns, values=None, *, pickled=None, length=None):
        self.queryset = queryset
        self.columns = columns
        if values is not None:
            self.__dict__["values"] = values
            length = len(values)
        if pickled is not None:
            self.__dict__["pickled"] = pickled
        self.length = length

    @staticmethod
    def pickle(values):
        return pickle.dumps(values, pickle.HIGHEST_PROTOCOL)

    @cached_property
    def pickled(self):
        return self.pickle(self.values)

    @cached_property
    def values(self):
        # Rows this process pickled itself (ShownRows.pickle), kept in its own memory.
        return pickle.loads(self.pickled)  # our own pickle  # noqa: S301  # nosec B301

    def __len__(self):
        return self.length

    def __getitem__(self, index):
        return self.instances[index]

    @cached_property
    def instances(self):
        found = self.queryset.in_bulk([row[0] for row in self.values])
        return [found[row[0]] for row in self.values if row[0] in found]


class CachedRowsMixin:
    """For a ModelAdmin whose changelist staff page through: rows from the
    fragments cache (``CachedRowsChangeList``). ``list_only`` names every field
    the list shows (related ones as ``business__name``): their values key each
    row's cached HTML, and rendering loads only those (``QuerySet.only``). A
    column reading a field left out would cost a query per row, which the
    query-count tests of each list catch. Without ``list_only`` the rows are
    Django's, uncached."""

    list_only = None
    # The versions (core.versions) of everything the list shows: its rows,
    # which rows it holds and in what order, its filters' choices. With them
    # the list's reads are kept until one moves on (core.admin_site.kept); the
    # rows must not depend on who asks (access is checked before, per model).
    list_versions = ()
    # Query parameters of filters that read the clock (a date relative to
    # today): a list filtered by one is read every time.
    unkept_parameters = ()

    def get_list_versions(self, request):
        return self.list_versions

    @property
    def change_list_template(self):
        """The changelist of cached rows; Django's own with ``list_editable``
        (whose rows are forms, never cached)."""
        return None if self.list_editable else "admin/cached_rows_change_list.html"

    # Counts a list that fits on its first page by its rows (get_results).
    paginator = Paginator

    def get_changelist(self, request, **kwargs):
        return CachedRowsChangeList

    def changelist_view(self, request, extra_context=None):
        """Django's, with the keys of the fragments around the rows
        (``core.admin_site.frame``) in the context as ``admin_keys``."""
        response = super().changelist_view(request, extra_context)
        context = getattr(response, "context_data", None)
        if context and isinstance(context.get("cl"), CachedRowsChangeList):
            context["admin_keys"] = fragment_keys(request, context)
        return response
