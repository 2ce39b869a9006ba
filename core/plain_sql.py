"""Reads written as plain SQL, for the pages people open most (the
collaboration lists, open campaigns, the earnings page).

Building and compiling an ORM query with joins, a window and subqueries costs
more Python than PostgreSQL takes to run it (about a millisecond a query on
these pages). The lists here are written as SQL once per process, with every
table and column name taken from the models' ``_meta`` (nothing from a
request goes into the SQL text: values are parameters), and their values
converted as the ORM converts them (aware datetimes, decimals, encrypted
fields).

Rows stay plain tuples until something iterates them: a page whose rows are
in a cached fragment never builds its model objects (``LazyRows``).
"""

from collections.abc import Sequence

from django.core.paginator import Page
from django.db import connection

from core.pagination import Paginator


def quote(name):
    return connection.ops.quote_name(name)


def table(model):
    """``model``'s quoted table name."""
    return quote(model._meta.db_table)


def table_as(model, alias):
    """``model``'s quoted table name under ``alias`` (for ``FROM`` and ``JOIN``)."""
    return f"{table(model)} {quote(alias)}"


def column(model, name, alias):
    """The quoted column of ``model``'s field ``name`` in the table ``alias``."""
    return f"{quote(alias)}.{quote(model._meta.get_field(name).column)}"


class Alias:
    """A model's table under ``alias`` in a query: ``str()`` is the table and
    its alias (for ``FROM`` and ``JOIN``), each field name a quoted column
    (``Alias(Campaign, "k").business`` is ``"k"."business_id"``)."""

    def __init__(self, model, alias):
        self._model = model
        self._alias = alias

    def __getattr__(self, name):
        return column(self._model, name, self._alias)

    def __str__(self):
        return table_as(self._model, self._alias)


class Columns:
    """The selected columns of a list, ``(model, field name)`` each, with the
    ORM's converters of their values."""

    def __init__(self, *fields):
        self.fields = [model._meta.get_field(name) for model, name in fields]
        self._converters = None

    def _converters_of(self):
        if self._converters is None:
            self._converters = []
            for index, field in enumerate(self.fields):
                expression = field.get_col(field.model._meta.db_table)
                found = connection.ops.get_db_converters(expression) + expression.get_db_converters(
                    connection
                )
                if found:
                    self._converters.append((index, expression, found))
        return self._converters

    def convert(self, row):
        """``row``'s first ``len(fields)`` values as the ORM reads them."""
        values = list(row[: len(self.fields)])
        for index, expression, converters in self._converters_of():
            value = values[index]
            for converter in converters:
                value = converter(value, expression, connection)
            values[index] = value
        return values


def instance(model, **values):
    """A ``model`` object holding only ``values`` (attribute names), built as
    the ORM builds the rows it reads (the others are deferred)."""
    names = [field.attname for field in model._meta.concrete_fields if field.attname in values]
    return model.from_db(connection.alias, names, [values[name] for name in names])


def fetch(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


class LazyRows(Sequence):
    """A page's rows as read, turned into objects by ``build`` only when
    something iterates them (the template on a cache miss, tests)."""

    def __init__(self, rows, build):
        self.rows = rows
        self._build = build
        self._built = None

    def _objects(self):
        if self._built is None:
            self._built = [self._build(row) for row in self.rows]
        return self._built

    def __len__(self):
        return len(self.rows)

    def __getitem__(self, index):
        return self._objects()[index]

    def __iter__(self):
        return iter(self._objects())


def page_of_rows(read, number, per_page, build):
    """Page ``number`` (as given in the URL) of a list read by ``read(offset,
    limit)``, whose rows end with the number of rows in the whole list (a
    window, ``COUNT(*) OVER ()``): the rows and the count in one query. A
    number that is not a page, or past the end, is answered as Django's
    ``get_page`` answers it (the first or the last page), with one more query."""
    try:
        wanted = int(number if number is not None else 1)
    except (TypeError, ValueError):
        wanted = 0
    rows = read((wanted - 1) * per_page, per_page) if wanted >= 1 else []
    if not rows and wanted != 1:
        first = read(0, per_page)
        count = first[0][-1] if first else 0
        wanted = Paginator([], per_page, count=count).get_page(number).number
        rows = first if wanted == 1 else read((wanted - 1) * per_page, per_page)
    count = rows[0][-1] if rows else 0
    return Page(LazyRows(rows, build), wanted, Paginator([], per_page, count=count))


def row_version(rows):
    """Every value of ``rows`` as one string, for a fragment's key: a fragment
    showing nothing but these rows is the same while this is."""
    return ";".join("|".join(map(str, row)) for row in rows)
