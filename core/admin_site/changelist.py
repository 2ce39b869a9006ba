from collections.abc import Sequence
from functools import partial
from hashlib import sha256
from urllib.parse import quote

from allauth.account.decorators import secure_admin_login
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.templatetags.admin_list import (
    date_hierarchy,
    items_for_result,
    result_headers,
    result_hidden_fields,
    results,
)
from django.contrib.admin.utils import get_fields_from_path
from django.contrib.admin.views.main import ChangeList
from django.core.cache import caches
from django.core.paginator import EmptyPage, InvalidPage, PageNotAnInteger, Paginator
from django.db import models
from django.db.models.base import ModelBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.html import format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core.pagination import count_at_most, planner_estimate

# Links typed into the admin without a scheme are taken as https (Django 6's
# default; Django 5.2 warns about every URLField form field that does not say).
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


def audited_action(func, description):
    """``func``, an admin action, recording in the admin log which objects it ran
    on once it has run. An action that answers with a page (a confirmation or a
    form) has not run yet, so only one that returns nothing (Django then redirects)
    is recorded."""

    def run(model_admin, request, queryset):
        selected = list(queryset)
        response = func(model_admin, request, queryset)
        if response is None and selected:
            LogEntry.objects.log_actions(
                user_id=request.user.pk,
                queryset=selected,
                action_flag=CHANGE,
                change_message=f"Ran the admin action “{description}”.",
                single_object=False,
            )
        return response

    return run


def audit_actions(model_admin):
    """Every custom action of ``model_admin`` leaves an entry in the admin log, as
    Django's own add, change and delete views do (``delete_selected`` already logs
    each deletion itself)."""
    get_actions = model_admin.get_actions

    def get_audited_actions(request):
        return {
            name: (func if name == "delete_selected" else audited_action(func, description),)
            + (name, description)
            for name, (func, _name, description) in get_actions(request).items()
        }

    model_admin.get_actions = get_audited_actions


class PortalAdminSite(admin.AdminSite):
    """The staff admin. Logging in goes through allauth, so rate limits and
    two-factor authentication apply; with ``STAFF_REQUIRE_MFA`` staff who have
    not set up two-factor authentication are sent to do so first."""

    site_header = _("Portal staff")
    site_title = _("Portal staff")
    index_title = _("Administration")

    def register(self, model_or_iterable, admin_class=None, **options):
        super().register(model_or_iterable, admin_class, **options)
        models = (
            [model_or_iterable] if isinstance(model_or_iterable, ModelBase) else model_or_iterable
        )
        for model in models:
            # Django skips swapped models (auth's User) without registering them.
            if model in self._registry:
                audit_actions(self._registry[model])

    def get_app_list(self, request, app_label=None):
        """The apps and models this person may see, built only when a template
        reads them: the sidebar that lists them on every page is a cached
        fragment (``nav_sidebar_key``), so most pages never build the list."""
        return SimpleLazyObject(partial(super().get_app_list, request, app_label))

    def each_context(self, request):
        context = super().each_context(request)
        context["nav_sidebar_key"] = self.nav_sidebar_key(request)
        return context

    def nav_sidebar_key(self, request):
        """Everything the sidebar's HTML depends on besides the language: what
        this person may do with each model (the links shown) and which app and
        model the page belongs to (highlighted). The page's address is cut after
        the model's part, so a model's list and its objects share one fragment."""
        user = request.user
        if user.is_active and user.is_superuser:
            permissions = "all"
        else:
            permissions = sorted(user.get_all_permissions()) if user.is_active else []
        # "/admin/<app>/<model>/…": the model's address has two slashes more than the index's.
        slashes = reverse("admin:index", current_app=self.name).count("/") + 2
        parts = quote(request.path).split("/", slashes)
        place = "/".join(parts[:slashes]) + "/" if len(parts) > slashes else "/".join(parts)
        flags = (user.is_active, user.is_staff, user.is_superuser)
        return sha256(repr((flags, permissions, place)).encode()).hexdigest()

    def login(self, request, extra_context=None):
        return secure_admin_login(super().login)(request, extra_context)

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        def mfa_checked_view(request, *args, **kwargs):
            user = request.user
            if (
                settings.STAFF_REQUIRE_MFA
                and user.is_active
                and user.is_staff
                and not is_mfa_enabled(user)
            ):
                messages.warning(
                    request,
                    _("Set up two-factor authentication before you use the staff admin."),
                )
                return redirect("mfa_activate_totp")
            return inner(request, *args, **kwargs)

        return mfa_checked_view


class ReadOnlyMixin:
    """For admins and inlines of records nobody edits by hand (ledgers, logs,
    histories, computed rows): staff may look, never add, change or delete."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CachedRowsChangeList(ChangeList):
    """A changelist whose rows come from the fragments cache. Rendering a row
    (Django's ``items_for_result``: the checkbox widget, date and number
    formats, the link) costs far more than reading what it shows, and even
    loading the rows as model instances costs more than reading their values,
    so each row's HTML is stored under a key made of everything it depends on:
    the values of its ``list_only`` fields as read now (so a changed amount or
    status is a new key, never a stale row), its primary key, the columns, the
    list's filters kept in the links, the language and the time zone. Rows not
    in the cache are loaded (one query) and rendered by Django as before."""

    def get_results(self, request):
        """Django's ``ChangeList.get_results`` with ``list_only``: the page's rows
        are read as the values of those fields (``ShownRows``, the rows' cache
        key) and loaded as model instances only to render rows missing from the
        cache; ``queryset`` itself stays whole (for actions and the count). The
        first page is read one row past its size: a list that fits on it is
        counted by its length, without a ``COUNT`` query."""
        fields = getattr(self.model_admin, "list_only", None)
        if not fields or self.list_editable:
            return super().get_results(request)
        per_page = self.list_per_page
        columns = self._shown_columns(fields)
        values = self.queryset.values_list(*columns)
        paginator = self.model_admin.get_paginator(request, self.queryset, per_page)
        rows = None
        if self.page_num == 1 and not self.show_all:
            rows = list(values[: per_page + 1])
            if len(rows) <= per_page:
                if isinstance(paginator, EstimatedCountPaginator):
                    paginator.__dict__["_counted"] = (len(rows), False)
                else:
                    paginator.__dict__["count"] = len(rows)
        self.result_count = paginator.count
        self.show_full_result_count = self.model_admin.show_full_result_count
        self.full_result_count = self.root_queryset.count() if self.show_full_result_count else None
        self.show_admin_actions = not self.show_full_result_count or bool(self.full_result_count)
        self.can_show_all = self.result_count <= self.list_max_show_all
        self.multi_page = self.result_count > per_page
        if rows is not None:
            rows = rows[:per_page]
        elif (self.show_all and self.can_show_all) or not self.multi_page:
            rows = list(values)
        else:
            try:
                number = paginator.validate_number(self.page_num)
            except InvalidPage:
                raise IncorrectLookupParameters from None
            rows = list(values[(number - 1) * per_page : number * per_page])
        self.result_list = ShownRows(self.queryset.only(*fields), columns, rows)
        self.paginator = paginator

    def _shown_columns(self, fields):
        """The pk, each ``list_only`` field with the relations on its way (read
        as their ids) and the queryset's annotations: every value a row shows."""
        columns = ["pk"]
        for field in fields:
            parts = field.split("__")
            columns += ["__".join(parts[:end]) for end in range(1, len(parts) + 1)]
        return list(dict.fromkeys([*columns, *self.queryset.query.annotation_select]))

    def date_drilldown(self):
        """What Django's ``date_hierarchy`` tag gives ``date_hierarchy.html``,
        with one query fewer when no date is chosen: Django reads the first and
        last dates, then the years (or the first year's months, or the first
        month's days); here the months come first, which give the years, or
        the months of the only year, and only one month's days need a query
        more. When the whole list is on the page and its rows hold the date,
        the dates are the rows' and no query is needed. The links and titles
        are Django's."""
        field_name = self.date_hierarchy
        year_field, month_field = f"{field_name}__year", f"{field_name}__month"
        if any(self.params.get(f"{field_name}__{part}") for part in ("year", "month", "day")):
            return date_hierarchy(self)
        field = get_fields_from_path(self.model, field_name)[-1]
        kind = "datetimes" if isinstance(field, models.DateTimeField) else "dates"
        shown = self._dates_shown(field_name, kind)
        if shown is None:
            months = list(getattr(self.queryset, kind)(field_name, "month"))
        else:
            months = sorted({day.replace(day=1) for day in shown})
        years = sorted({month.year for month in months})

        def link(filters):
            return self.get_query_string(filters, [f"{field_name}__"])

        if len(years) != 1:
            choices = [{"link": link({year_field: str(y)}), "title": str(y)} for y in years]
            return {"show": True, "back": None, "choices": choices}
        year = years[0]
        if len(months) > 1:
            return {
                "show": True,
                "back": {"link": link({}), "title": _("All dates")},
                "choices": [
                    {
                        "link": link({year_field: year, month_field: month.month}),
                        "title": capfirst(formats.date_format(month, "YEAR_MONTH_FORMAT")),
                    }
                    for month in months
                ],
            }
        month = months[0].month
        days = getattr(self.queryset, kind)(field_name, "day") if shown is None else shown
        return {
            "show": True,
            "back": {"link": link({year_field: year}), "title": str(year)},
            "choices": [
                {
                    "link": link(
                        {year_field: year, month_field: month, f"{field_name}__day": day.day}
                    ),
                    "title": capfirst(formats.date_format(day, "MONTH_DAY_FORMAT")),
                }
                for day in days
            ],
        }

    def _dates_shown(self, field_name, kind):
        """The list's distinct (local) days of ``field_name``, oldest first, as
        Django's ``dates()``/``datetimes()``; None unless all rows are read."""
        rows = self.result_list
        whole = not self.multi_page or (self.show_all and self.can_show_all)
        if not (whole and isinstance(rows, ShownRows) and field_name in rows.columns):
            return None
        at = rows.columns.index(field_name)
        values = {row[at] for row in rows.values if row[at] is not None}
        if kind == "dates":
            return sorted(values)
        local = (timezone.localtime(value) for value in values)
        return sorted({value.replace(hour=0, minute=0, second=0, microsecond=0) for value in local})

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
                    # A date filter's links: (lazily translated title, its parameters).
                    repr([(str(title), params) for title, params in getattr(spec, "links", ())]),
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
        ``rows`` is their HTML in one piece for cached_rows_results.html,
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
        shown = rows.values
        cache = caches["fragments"]
        # One entry per list and query string (common: the page is in it), holding
        # the digest of the rows' values it was rendered from: a change replaces it.
        at = (common, sorted(self.params.items()), self.page_num)
        page_key = f"admin-rows-at:{sha256(repr(at).encode()).hexdigest()}"
        digest = sha256(repr(shown).encode()).hexdigest()
        cached_digest, html = cache.get(page_key, (None, None))
        if cached_digest == digest:
            return html
        keys = [f"admin-row:{sha256(repr((common, row)).encode()).hexdigest()}" for row in shown]
        found = cache.get_many(keys)
        by_pk = {result.pk: result for result in rows} if len(found) < len(keys) else {}
        for key, row in zip(keys, shown, strict=True):
            if key not in found and row[0] in by_pk:  # (not deleted since)
                cells = items_for_result(self, by_pk[row[0]], None)
                found[key] = format_html_join("", "{}", ((cell,) for cell in cells))
                cache.set(key, found[key])
        # Safe strings (Django's cells joined), kept so by the cache's pickling.
        shown_rows = ((found[key],) for key in keys if key in found)
        html = format_html_join("", "<tr>{}</tr>\n", shown_rows)
        cache.set(page_key, (digest, html))
        return html


class ShownRows(Sequence):
    """A page of rows as the values of their ``list_only`` columns (tuples, the
    pk first), which key their cached HTML; read as model instances (loaded
    with one query) only when a row is rendered or the list is read as such."""

    def __init__(self, queryset, columns, values):
        self.queryset = queryset
        self.columns = columns
        self.values = values

    def __len__(self):
        return len(self.values)

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

    change_list_template = "admin/cached_rows_change_list.html"

    def get_changelist(self, request, **kwargs):
        return CachedRowsChangeList


class EstimatedCountPaginator(Paginator):
    """For changelists over tables of 100,000 rows, where ``COUNT(*)`` took
    longer than the rest of the page. Up to ``exact_up_to`` rows the count is
    exact (a capped count reads at most that many); above, it is PostgreSQL's
    estimate and the page says "about N" (``estimated``). PostgreSQL is asked on
    every page so the queries are the same at any size; other databases count.
    Pages past the estimated last one are still served (``?p=``), so no row
    is out of reach when the estimate falls short."""

    exact_up_to = 10_000

    @cached_property
    def _counted(self):
        counted = count_at_most(self.object_list, self.exact_up_to + 1)
        estimate = planner_estimate(self.object_list)
        if counted <= self.exact_up_to:
            return counted, False
        if estimate is None:
            return self.object_list.count(), False
        return max(estimate, counted), True

    @property
    def count(self):
        return self._counted[0]

    @property
    def estimated(self):
        return self._counted[1]

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
        if not self.estimated:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        return self._get_page(self.object_list[bottom : bottom + self.per_page], number, self)
