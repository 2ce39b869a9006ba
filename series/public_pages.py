"""The public Series pages kept whole in the process's fragment cache.

What a page shows the same to every visitor (``parts``: its title, its meta
tags and its main content as HTML) is kept under the version tokens of
everything it shows (``series.services.page_version``), read from the shared
cache in one round trip: no SQL query once kept. Each kept page also holds
the next instant it changes by itself (a discount starting or ending): from
then on it is rendered again. When the shared cache cannot be reached the
page is rendered from the database and nothing is kept.

An anonymous visitor with no message to be shown sees nothing of their own on
these pages but the CSRF token of the language switcher's form (and of the
follow button's): for them the whole response is kept, as its final bytes cut
where the token goes (``respond``, ``whole_page``), so a kept page renders no
template at all. What else the base template shows is the same for every such
visitor at one address in one language: the menu of an anonymous visitor, the
head and the footer, and the address itself (the forms' ``next``), which is in
the key.

Pages are kept only when the cache is shared by every process (Redis): without
it ``core.versions`` gives no tokens (``SHARED_VERSIONS``).
"""

import hashlib
import secrets

from django.contrib.messages import get_messages
from django.core.cache import caches
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render as render_response
from django.template.loader import render_to_string
from django.utils.timezone import get_current_timezone_name
from django.utils.translation import get_language

from core import versions

KEPT_SECONDS = 3600
# Query strings longer than this are rendered, not kept (one entry per address).
LONGEST_KEPT_QUERY = 300
# The page of a public Series page: its parts (title, meta, extra_head,
# content, extra_body) in the base template.
PAGE_TEMPLATE = "series/public_page.html"
# What a kept whole page holds where each CSRF token goes: random in each
# process, cut with the quotes around it, which no escaped text can hold.
_TOKEN_STAND_IN = secrets.token_hex(16)
_CSRF_FIELD = 'name="csrfmiddlewaretoken" value="{}"'


def respond(
    request,
    *,
    page,
    versions_of,
    query_fields,
    now,
    render,
    found=None,
    template=PAGE_TEMPLATE,
    context=None,
    whole=None,
    held=None,
):
    """The response of ``page``: ``template`` rendered with ``context(parts)``
    (by default the parts alone) of ``render()``'s parts (see ``kept``). Kept
    whole for an anonymous visitor (``whole_page``: pass what it returned as
    ``whole`` when the view read it first) with ``held(parts)`` (what the
    view needs to find the versions of the page again, ``kept_held``); its
    parts kept for anyone else (``parts_of``); rendered every time without
    versions."""
    key, entry = whole or whole_page(request, page=page, query_fields=query_fields)
    context = context or (lambda parts: {"parts": parts})
    if key is None:
        parts = parts_of(
            request,
            page=page,
            versions_of=versions_of,
            query_fields=query_fields,
            now=now,
            render=render,
            found=found,
        )
        return render_response(request, template, context(parts))
    tokens = versions.current_many(versions_of, found)
    if tokens is None:  # the shared cache unreachable: read, and keep nothing
        return render_response(request, template, context(render()[0]))
    response = _kept_response(request, entry, tokens, now)
    if response is None:
        parts, until = render()
        response = _keep_response(
            request,
            key,
            tokens=tokens,
            now=now,
            until=until,
            template=template,
            context=context(parts),
            held=held and held(parts),
        )
    return response


def whole_page(request, *, page, query_fields):
    """The key of ``page``'s whole response for this request
    (``whole_page_key``) and what is kept under it: (None, None) when it is
    not kept whole for this request, (key, None) when nothing is kept yet."""
    key = whole_page_key(request, page=page, query_fields=query_fields)
    return key, None if key is None else caches["fragments"].get(key)


def kept_held(whole):
    """What the whole page kept (``whole_page``) holds for its view, None without one."""
    entry = whole[1]
    return None if entry is None else entry[0]


def whole_page_key(request, *, page, query_fields):
    """The fragment cache's key of the whole response of ``page`` at this
    address, as an anonymous visitor without messages sees it in this
    language; None when it is not kept whole for this request: a signed-in
    visitor (their menu, their buttons), messages to show, or a query string
    with parameters other than ``query_fields`` (``keepable_query``)."""
    if request.user.is_authenticated or len(get_messages(request)):
        return None
    if keepable_query(request, query_fields) is None:
        return None
    # The absolute address with its query string as given: the share tags and
    # page links show it, and the forms' ``next`` the path and query as given.
    return (
        "series-public-page:"
        + hashlib.sha256(
            repr(
                [page, get_language(), get_current_timezone_name(), request.build_absolute_uri()]
            ).encode()
        ).hexdigest()
    )


def _kept_response(request, entry, tokens, now):
    """The response kept in ``entry`` (what ``whole_page`` read) with this
    request's CSRF token, when it was kept under ``tokens`` (the versions of
    what it shows, read before it was rendered) and is still right at
    ``now``; None otherwise."""
    if entry is None:
        return None
    _held, kept_tokens, read_at, until, pieces = entry
    if kept_tokens != tokens or now < read_at or (until is not None and now >= until):
        return None
    return _response(request, pieces)


def _keep_response(request, key, *, tokens, now, until, template, context, held):
    """``template`` rendered with ``context`` as this request's response, kept
    whole under ``key`` with the ``tokens`` read before its data (served again
    by ``_kept_response`` until they change or ``until``), and ``held`` (what
    the view needs to find the versions of a kept page again, or None)."""
    html = render_to_string(template, {**context, "csrf_token": _TOKEN_STAND_IN}, request)
    pieces = html.encode().split(_CSRF_FIELD.format(_TOKEN_STAND_IN).encode())
    caches["fragments"].set(key, (held, tokens, now, until, pieces), KEPT_SECONDS)
    return _response(request, pieces)


def _response(request, pieces):
    """The response of a page kept as ``pieces``, with this request's CSRF token between them."""
    return HttpResponse(_CSRF_FIELD.format(get_token(request)).encode().join(pieces))


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
