"""Reads whose SQL is compiled once per process (the matches and search pages).

Building an ORM query (filters, subqueries, annotations) and compiling it cost
700 to 1,700 Python function calls each, more than the rest of a page. A read
here is built by the ORM once per connection and *shape* (which filters are
given, the sort), with stand-in values; its SQL is kept and run with the
request's values in the stand-ins' places, and the ORM's converters are applied
to the rows. Nothing but the SQL is kept: the rows are read on every request.

The stand-ins check themselves: the query is built twice with two sets of
them, and a value's places are those holding its two stand-ins. A value the
ORM would change on its way to SQL (a stand-in not found as given, a LIKE
pattern to escape) makes that read go through the ORM as before.
"""

import weakref
from decimal import Decimal

from django.db import DEFAULT_DB_ALIAS, connections

# Characters a LIKE pattern escapes (SQLite's ``iexact``): such values are not stand-in-able.
_LIKE_SPECIAL = ("%", "_", "\\")

# Shapes kept per connection: search's filters combine into thousands of
# shapes, of which a business uses a few; past this many, a new shape is
# compiled for its request alone (so a crawler cannot fill the memory).
MOST_KEPT = 500

_compiled = weakref.WeakKeyDictionary()  # connection -> {shape: _Compiled or None}


def _stand_in(value, number, kind):
    """The stand-in of a value, distinct per value (``number``) and set (``kind``).
    Integers stay within a small integer column's range (larger values would
    make the ORM drop the filter as out of range)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return 20_000 + 1_000 * kind + number
    if isinstance(value, Decimal):
        return Decimal(f"{200 + 100 * kind + number}.25")
    if isinstance(value, str) and value and not any(c in value for c in _LIKE_SPECIAL):
        return f"zq{kind}x{number}q"
    return None


class _Compiled:
    def __init__(self, sql, params, places, names, converters):
        self.sql, self.params, self.places = sql, params, places
        self.names, self.converters = names, converters


class Row(dict):
    """A row's columns by name, readable as attributes too (``row.display_name``)."""

    __slots__ = ()

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


def _compile(queryset):
    compiler = queryset.query.get_compiler(using=queryset.db)
    sql, params = compiler.as_sql()
    fields = [column[0] for column in compiler.select[: compiler.col_count]]
    query = queryset.query  # the names in the SELECT's order, as ValuesIterable reads them
    names = list(query.selected or [*query.values_select, *query.annotation_select])
    return sql, list(params), names, compiler.get_converters(fields)


def _prepare(build, values):
    """Compile ``build(**values)`` with stand-ins, or None when it cannot be."""
    sets = []
    for kind in (0, 1):
        stand_ins = {name: _stand_in(value, n, kind) for n, (name, value) in enumerate(values)}
        if None in stand_ins.values():
            return None
        sets.append(stand_ins)
    (sql, params, names, converters), (other_sql, other_params, _n, _c) = (
        _compile(build(**stand_ins)) for stand_ins in sets
    )
    if sql != other_sql or len(params) != len(other_params):
        return None
    places = []
    for name, _value in values:
        found = [
            place
            for place, (first, second) in enumerate(zip(params, other_params, strict=True))
            if first == sets[0][name] and second == sets[1][name]
        ]
        if not found:
            return None
        places.extend((place, name) for place in found)
    for place, (first, second) in enumerate(zip(params, other_params, strict=True)):
        if first != second and place not in {p for p, _n in places}:
            return None  # a stand-in the ORM changed: its place is unknown
    return _Compiled(sql, params, places, names, converters)


def sql_of(shape, build, values):
    """``(sql, params, names, converters)`` of ``build(**values)`` (a ``values()``
    queryset). ``shape`` names what changes the SQL besides which ``values`` are
    given (e.g. the sort); ``values`` are the keyword arguments of ``build``
    whose values are query parameters."""
    values = sorted(values.items())
    if any(_stand_in(value, 0, 0) is None for _name, value in values):
        return _compile(build(**dict(values)))  # a value no stand-in can take the place of
    kept = _compiled.setdefault(connections[DEFAULT_DB_ALIAS], {})
    key = (shape, tuple(name for name, _value in values))
    compiled = kept.get(key, False)
    if compiled is False:
        compiled = _prepare(build, values)
        if len(kept) < MOST_KEPT:
            kept[key] = compiled
    if compiled is None:  # compiled for this request alone
        return _compile(build(**dict(values)))
    params = list(compiled.params)
    given = dict(values)
    for place, name in compiled.places:
        params[place] = given[name]
    return compiled.sql, params, compiled.names, compiled.converters


def _execute(sql, params):
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def rows(shape, build, values, *, tail="", tail_params=(), raw=()):
    """The rows of ``build(**values)`` as ``Row``s, the SQL followed by ``tail``
    (e.g. a LIMIT) with ``tail_params``. The columns named in ``raw`` are left
    as the database gives them (e.g. a JSON column's text, decoded with
    ``converted`` only when it is used)."""
    sql, params, names, converters = sql_of(shape, build, values)
    found = _execute(sql + tail, [*params, *tail_params])
    if raw:
        converters = {
            place: converter for place, converter in converters.items() if names[place] not in raw
        }
    if converters:
        connection = connections[DEFAULT_DB_ALIAS]
        found = [list(row) for row in found]
        for row in found:
            for place, (functions, expression) in converters.items():
                value = row[place]
                for function in functions:
                    value = function(value, expression, connection)
                row[place] = value
    return [Row(zip(names, row, strict=True)) for row in found]


def converted(model, name, value):
    """``value`` of ``model``'s field ``name`` as read by ``rows(raw=…)``, as the ORM gives it."""
    connection = connections[DEFAULT_DB_ALIAS]
    field = model._meta.get_field(name)
    expression = field.get_col(model._meta.db_table)
    for function in connection.ops.get_db_converters(expression) + field.get_db_converters(
        connection
    ):
        value = function(value, expression, connection)
    return value


def count_at_most(shape, build, values, limit):
    """How many rows ``build(**values)`` has, reading at most ``limit`` of them
    (``build`` gives a ``values("pk")`` queryset without an order)."""
    sql, params, _names, _converters = sql_of(shape, build, values)
    # ``sql`` is the ORM's own, its values all parameters.
    counted = f"SELECT COUNT(*) FROM ({sql} LIMIT %s) counted"  # noqa: S608  # nosec B608
    return _execute(counted, [*params, limit])[0][0]
