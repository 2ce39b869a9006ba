"""What a buyer owns, kept in the process's fragment cache under version
tokens read from the shared cache in one round trip (``core.versions``): a
warm library page (and a fan's home, ``fans.selectors_home``) reads nothing
from the database.

A kept read is valid while the tokens of every version it names are those
read before it was made (``kept_read``). The library names:

- ``owner_version``: what the buyer owns, moved on by every save and deletion
  of their purchases (a purchase paid, a duplicate, a refund; receivers in
  ``fans.signals``);
- ``series.services.page_version.series_version`` of each Series shown: its
  title and cover, its creator's name, its episodes.

A purchase's price, date and reference never change once it is paid.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.cache import caches
from django.core.paginator import Page
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from core import versions
from core.pagination import Paginator, page_number, page_of
from series import selectors
from series.services.page_version import series_version

KEPT_SECONDS = 3600


def owner_version(user_id):
    """The version of the purchases of ``user_id`` (paid, duplicate, refunded),
    for their library and their home: moved on by ``purchase_changed``."""
    return f"series-owner:{user_id}"


def purchase_changed(sender, instance, **kwargs):
    """Receiver for a purchase's save and delete (``SeriesConfig.ready``)."""
    versions.bump(owner_version(instance.buyer_id))


@dataclass
class Kept:
    """A read kept under the tokens of the versions ``names``, which the read
    itself named (of what it shows). ``tokens`` were read before the read was
    made; None when some of ``names`` were learnt from it: a token read after
    the data could hide a change committed in between, so the next request
    reads those tokens first and the data again. ``stamp`` names the read and
    the HTML made of it; ``facts`` is what the page needs without the read (a
    count, a flag). Valid from ``read_at`` until ``until`` (None: no end)."""

    names: tuple
    tokens: tuple | None
    facts: Any
    read_at: datetime
    until: datetime | None
    stamp: str = field(default_factory=lambda: uuid.uuid4().hex)

    def holds(self, tokens, now):
        return (
            self.tokens == tokens
            and self.read_at <= now
            and (self.until is None or now < self.until)
        )


@dataclass
class Reading:
    """One request's view of a kept read: ``stamp`` keys its HTML (None when
    nothing is kept: no tokens, the cache being unreachable); ``reads`` come
    from the fragment cache, else the database, only when something asks."""

    stamp: str | None
    facts: Any
    read: Callable
    _reads: Any = None

    @property
    def reads(self):
        if self._reads is None and self.stamp is not None:
            self._reads = caches["fragments"].get(_reads_key(self.stamp))
        if self._reads is None:
            self._reads = self.read()
        return self._reads


def _reads_key(stamp):
    return f"kept-reads:{stamp}"


def kept_read(key, names, read, *, names_of, facts_of, now, until_of=None):
    """``read()``, kept under ``key`` and the tokens of the versions it shows:
    ``names`` at first, then ``names_of(reads)`` (which must hold ``names``).
    One round trip to the shared cache when kept; else the tokens, then the
    read (every time when the cache is unreachable). ``until_of(reads)``: the
    first instant the reads may show something else by time alone."""
    store = caches["fragments"]
    entry = store.get(key)
    asked = entry.names if entry is not None else tuple(names)
    tokens = versions.current_many(list(asked))
    if tokens is None:
        reads = read()
        return Reading(None, facts_of(reads), read, reads)
    tokens = tuple(tokens)
    if entry is not None and entry.holds(tokens, now):
        return Reading(entry.stamp, entry.facts, read)
    reads = read()
    shown = tuple(names_of(reads))
    before = dict(zip(asked, tokens, strict=True))
    entry = Kept(
        names=shown,
        tokens=tuple(before[name] for name in shown) if before.keys() >= set(shown) else None,
        facts=facts_of(reads),
        read_at=now,
        until=until_of(reads) if until_of else None,
    )
    store.set(_reads_key(entry.stamp), reads, KEPT_SECONDS)
    store.set(key, entry, KEPT_SECONDS)
    return Reading(entry.stamp, entry.facts, read, reads)


@dataclass
class LibraryRead:
    rows: list
    number: int
    count: int


def library_page(*, user, number, per_page, now=None):
    """Page ``number`` of the Series ``user`` owns (``series.selectors.library``)
    and the stamp of its read (None when not kept). No query when kept; its
    rows are read (from the fragment cache, else the database) only when
    iterated."""
    asked = page_number(number)

    def read():
        page = page_of(selectors.library(user=user), asked, per_page)
        rows = list(page.object_list)
        page.has_other_pages()  # counts the list where the page links need it
        return LibraryRead(rows=rows, number=page.number, count=page.paginator.count)

    reading = kept_read(
        f"series-library:{user.pk}:{asked}",
        [owner_version(user.pk)],
        read,
        names_of=lambda reads: [
            owner_version(user.pk),
            *sorted({series_version(purchase.series_id) for purchase in reads.rows}),
        ],
        facts_of=lambda reads: (reads.number, reads.count),
        now=now or timezone.now(),
    )
    shown, count = reading.facts
    rows = SimpleLazyObject(lambda: reading.reads.rows)
    return Page(rows, shown, Paginator([], per_page, count=count)), reading.stamp
