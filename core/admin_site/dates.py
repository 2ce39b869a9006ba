"""The date drill-down of a changelist, with a query fewer than Django's."""

from django.contrib.admin.templatetags.admin_list import date_hierarchy
from django.contrib.admin.utils import get_fields_from_path
from django.db import models
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _


class DateDrilldownMixin:
    """For a ``ChangeList`` whose rows may be ``ShownRows`` (core.admin_site.changelist)."""

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
        # ShownRows (core.admin_site.changelist) name their columns; Django's rows do not.
        if not (whole and field_name in getattr(rows, "columns", ())):
            return None
        at = rows.columns.index(field_name)
        values = {row[at] for row in rows.values if row[at] is not None}
        if kind == "dates":
            return sorted(values)
        local = (timezone.localtime(value) for value in values)
        return sorted({value.replace(hour=0, minute=0, second=0, microsecond=0) for value in local})
