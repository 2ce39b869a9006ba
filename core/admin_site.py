from functools import partial
from hashlib import sha256
from operator import attrgetter
from urllib.parse import quote

from allauth.account.decorators import secure_admin_login
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.admin.templatetags.admin_list import (
    date_hierarchy,
    items_for_result,
    result_headers,
    result_hidden_fields,
    results,
)
from django.contrib.admin.utils import get_fields_from_path, lookup_field
from django.contrib.admin.views.main import ChangeList
from django.core.cache import caches
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.db.models.base import ModelBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.html import format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core.pagination import planner_estimate

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
    formats, the link) costs far more than reading what it shows, so each row's
    HTML is stored under a key made of everything it depends on: the values of
    its columns as read now (so a changed amount or status is a new key, never a
    stale row), its primary key, the columns, the list's filters kept in the
    links, the language and the time zone. A row not in the cache is rendered
    by Django as before."""

    def get_results(self, request):
        """The page's rows, loading only the model admin's ``list_only`` fields
        (``queryset`` itself stays whole, so actions get whole rows). The first
        page is read one row past its size: a list that fits on it is counted
        by its length, without a ``COUNT`` query; a longer one is counted by
        the paginator as before and shows the rows already read."""
        fields = getattr(self.model_admin, "list_only", None)
        whole = self.queryset
        self.queryset = whole.only(*fields) if fields else whole
        try:
            if self.page_num != 1 or self.show_all or self.list_editable:
                super().get_results(request)
            else:
                self._first_page(request)
        finally:
            self.queryset = whole

    def _first_page(self, request):
        """Django's ``ChangeList.get_results`` for the first page, its rows read
        with one row more than the page holds."""
        per_page = self.list_per_page
        rows = list(self.queryset[: per_page + 1])
        paginator = self.model_admin.get_paginator(request, self.queryset, per_page)
        if len(rows) <= per_page:
            if isinstance(paginator, EstimatedCountPaginator):
                paginator.__dict__["_counted"] = (len(rows), False)
            else:
                paginator.__dict__["count"] = len(rows)
        self.result_count = paginator.count
        self.show_full_result_count = self.model_admin.show_full_result_count
        self.full_result_count = self.root_queryset.count() if self.show_full_result_count else None
        self.show_admin_actions = not self.show_full_result_count or bool(self.full_result_count)
        self.result_list = rows[:per_page]
        self.can_show_all = self.result_count <= self.list_max_show_all
        self.multi_page = self.result_count > per_page
        self.paginator = paginator

    def date_drilldown(self):
        """What Django's ``date_hierarchy`` tag gives ``date_hierarchy.html``,
        with one query fewer when no date is chosen: Django reads the first and
        last dates, then the years (or the first year's months, or the first
        month's days); here the months come first, which give the years, or
        the months of the only year, and only one month's days need a query
        more. The links and titles are Django's."""
        field_name = self.date_hierarchy
        year_field, month_field = f"{field_name}__year", f"{field_name}__month"
        if any(self.params.get(f"{field_name}__{part}") for part in ("year", "month", "day")):
            return date_hierarchy(self)
        field = get_fields_from_path(self.model, field_name)[-1]
        kind = "datetimes" if isinstance(field, models.DateTimeField) else "dates"
        months = list(getattr(self.queryset, kind)(field_name, "month"))
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
        days = getattr(self.queryset, kind)(field_name, "day")
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
        """What Django's ``result_list`` tag gives ``change_list_results.html``;
        without ``list_editable``, ``rows`` is the rows' HTML in one piece for
        cached_rows_results.html, ``results`` only says whether there are any
        and the headers are read from ``cl`` in their cached fragment."""
        listing = {
            "cl": self,
            "result_hidden_fields": list(result_hidden_fields(self)),
            "results": bool(self.result_list),
            "rows": None,
        }
        if self.formset:  # list_editable: each row has its form
            listing["results"] = list(results(self))
            listing["result_headers"] = self.headers
            listing["num_sorted_fields"] = self.num_sorted_fields()
        else:
            listing["rows"] = self.cached_rows()
        return listing

    def cached_rows(self):
        """The rows' HTML, ``<tr>`` by ``<tr>``. The whole page of rows is one
        cache entry under a key of every row's shown values; when that misses
        (a row changed, another page, a new row), each row is looked up under
        its own key and only the rows missing are rendered by Django."""
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
        readers = [self._reader(name) for name in self.list_display]
        shown = [(result.pk, self._row_values(result, readers)) for result in self.result_list]
        cache = caches["fragments"]
        page_key = f"admin-rows:{sha256(repr((common, shown)).encode()).hexdigest()}"
        html = cache.get(page_key)
        if html is not None:
            return html
        keys = [
            f"admin-row:{sha256(repr((common, pk, values)).encode()).hexdigest()}"
            for pk, values in shown
        ]
        found = cache.get_many(keys)
        rendered = {}
        for key, result in zip(keys, self.result_list, strict=True):
            if key not in found:
                cells = items_for_result(self, result, None)
                rendered[key] = format_html_join("", "{}", ((cell,) for cell in cells))
        if rendered:
            cache.set_many(rendered)
        # Safe strings (Django's cells joined), kept so by the cache's pickling.
        html = format_html_join(
            "", "<tr>{}</tr>\n", ((found.get(key) or rendered[key],) for key in keys)
        )
        cache.set(page_key, html)
        return html

    @staticmethod
    def _row_values(result, readers):
        values = []
        for read in readers:
            try:
                value = read(result)
            except ObjectDoesNotExist:
                values.append(None)
                continue
            # The type tells HTML from text to escape; the text is what is shown.
            values.append((type(value).__qualname__, str(value)))
        return values

    def _reader(self, name):
        """How to read column ``name`` of a row as Django's ``lookup_field`` does,
        found once per list: a model field is an attribute (a related row is
        shown by its name), anything else goes through ``lookup_field``."""
        if name == "action_checkbox":  # labelled with the object's name
            return str
        if isinstance(name, str):
            try:
                field = self.opts.get_field(name)
            except FieldDoesNotExist:
                field = None
            if field is not None and field.concrete and not field.many_to_many:
                return attrgetter(name)
        return lambda result: lookup_field(name, result, self.model_admin)[2]


class CachedRowsMixin:
    """For a ModelAdmin whose changelist staff page through: rows from the
    fragments cache (``CachedRowsChangeList``). ``list_only``, when set, names
    the only fields the list loads (``QuerySet.only``, related ones as
    ``business__name``): wide rows cost more to load than to show, and a column
    reading a field left out would cost a query per row, which the query-count
    tests of each list catch."""

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
        counted = self.object_list.order_by().values("pk")[: self.exact_up_to + 1].count()
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
