"""The public Series pages kept whole in the process's fragment cache.

What a page shows the same to every visitor (``parts``: its title, its meta
tags and its main content as HTML) is kept under the version tokens of
everything it shows (``series.services.page_version``), read from the shared
cache in one round trip: no SQL query once kept. Each kept page also holds
the next instant it changes by itself (a discount starting or ending): from
then on it is rendered again. When the shared cache cannot be reached the
page is rendered from the database and nothing is kept.

Pages are kept only when the cache is shared by every process (Redis): without
it ``core.versions`` gives no tokens (``SHARED_VERSIONS``).
"""

import hashlib

from django.core.cache import caches
from django.utils.timezone import get_current_timezone_name
from django.utils.translation import get_language

from core import versions

KEPT_SECONDS = 3600
# Query strings longer than this are rendered, not kept (one entry per address).
LONGEST_KEPT_QUERY = 300


def parts_of(request, *, page, versions_of, query_fields, now, render, found=None):
    """``render()``'s parts of ``page`` (``kept``) for the address asked:
    kept per address (the share tags and page links are absolute) and query
    string when every parameter of that is one of ``query_fields``; rendered
    and not kept otherwise. ``found``: the versions' keys already read
    (``core.versions.current_many``)."""
    query = keepable_query(request, query_fields)
    if query is None:
        return render()[0]
    return kept(
        page=page,
        versions_of=versions_of,
        vary_on=[request.build_absolute_uri(request.path), query],
        now=now,
        render=render,
        found=found,
    )


def kept(*, page, versions_of, vary_on, now, render, found=None):
    """``render()``'s parts of ``page``, kept under the tokens of the versions
    ``versions_of``, the language, the time zone and ``vary_on`` (what else the HTML depends
    on: the address, the query string). ``render()`` returns ``(parts,
    until)``: the page is rendered again from the instant ``until`` (None:
    never by itself). Its errors (a 404) propagate and keep nothing."""
    current = versions.current_many(versions_of, found)
    if current is None:
        return render()[0]
    key = (
        "series-public:"
        + hashlib.sha256(
            repr([page, get_language(), get_current_timezone_name(), current, vary_on]).encode()
        ).hexdigest()
    )
    store = caches["fragments"]
    entry = store.get(key)
    if entry is not None:
        read_at, until, parts = entry
        if read_at <= now and (until is None or now < until):
            return parts
    parts, until = render()
    store.set(key, (now, until, parts), KEPT_SECONDS)
    return parts


def keepable_query(request, fields):
    """The query string's values when every parameter is one of ``fields``,
    given once, and the whole is short: what a kept page varies on. None
    otherwise (such a page is rendered, not kept)."""
    query = request.GET
    if len(request.META.get("QUERY_STRING", "")) > LONGEST_KEPT_QUERY:
        return None
    if any(name not in fields or len(query.getlist(name)) > 1 for name in query):
        return None
    return sorted(query.items())
