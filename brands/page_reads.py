"""The reads of the matches and search pages, as plain rows whose SQL is
compiled once per process (``core.prepared``): the campaign (with the
access check), the page of matches or creators with what the business did
with each, and search's capped count and planner estimate.

The rows are dicts of the shown columns; model objects are made of them only
when the page's cards are rendered, not when they come from the cache.

The reads are kept (``PageReads``) under versions that move with everything
they show and with who may see them, read in one round trip to Redis:

- ``memberships_version(user)`` (``brands.selectors``): who belongs to which
  business, so a removed member's campaign is a 404 again at once;
- ``campaign_version(pk)``: the campaign's row, its shortlist and its
  collaborations (what each card says the business did with the creator);
- ``matches_version(pk)``: the campaign's stored matches and its match run;
- ``CREATORS_VERSION`` (``creators.signals``): every creator's rows, which
  search filters and sorts on (profiles, niches, languages, audience, rate
  cards, recorded figures);
- ``NAMES_VERSION``: the filters' choices (which values are valid);
- each shown creator's own version (``creators.signals.creator_version``):
  what the rows show of them (their columns, their cheapest fee).
"""

import hashlib
from collections.abc import Sequence
from functools import partial
from operator import itemgetter

from django.core.cache import caches
from django.db.models import Count, Subquery, Window
from django.db.models.expressions import RawSQL
from django.db.models.signals import post_save

from brands.models import Campaign, CampaignMatch, MatchRun
from brands.selectors import (
    CREATOR_CARD_FIELDS,
    memberships_version,
    search_creators,
    stored_matches,
    with_relations,
)
from core import prepared, versions
from core.pagination import sql_estimate
from core.plain_sql import instance
from creators.models import CreatorProfile
from creators.signals import creator_version

CREATOR_COLUMNS = ("id", *CREATOR_CARD_FIELDS)
RELATIONS = ("collaboration_status", "is_shortlisted")
MATCH_COLUMNS = ("id", "score", "parts", "tier", "followers", "creator_id")


_creator_columns = itemgetter(*(f"creator__{field}" for field in CREATOR_CARD_FIELDS))

CLOSED = CreatorProfile.ContactPreference.NONE


def campaign_version(campaign_id):
    """The version of the campaign's own row (its name, its business) and of
    what the business did with creators on it (its shortlist, its
    collaborations): moved on by their saves and deletions (brands.apps)."""
    return f"campaign:{campaign_id}"


def matches_version(campaign_id):
    """The version of the campaign's stored matches and of its match run:
    moved on by their saves (brands.apps) and by the matcher's bulk writes."""
    return f"campaign-matches:{campaign_id}"


def _digest(value):
    return hashlib.md5(repr(value).encode(), usedforsecurity=False).hexdigest()


class PageReads:
    """The reads of one matches or search page, kept in the process's
    ``fragments`` cache under the tokens of the versions ``names`` and of the
    creators the page showed last time, all read in one round trip.

    The rows' key is the page (``page``: which page of which campaign) and its
    query string (``data``): which creators a page shows is known only once it
    is read, so the ids it showed last are kept beside it (a hint, in this
    process); their versions are read with the others. Rows read for other
    creators than the hint's are not kept: the next request, reading their
    versions before the rows, keeps them. Without tokens (Redis down, or
    ``SHARED_VERSIONS`` off) everything is read every time.
    ``data`` may hold anything: the key holds its digest, the reads take
    their values only from the form's valid filters."""

    def __init__(self, page, data, names):
        self.fragments = caches["fragments"]
        self.key = f"page-reads:{page}:{_digest(sorted(data.lists()))}"
        # The versions of the creators shown last, by name.
        self.hint = self.fragments.get(f"{self.key}:creators", ())
        names = list(dict.fromkeys([*names, *self.hint]))  # each once
        tokens = versions.current_many(names)  # one round trip
        self.tokens = None if tokens is None else dict(zip(names, tokens, strict=True))

    def token(self, name):
        """The token of ``name`` (one of the page's versions), or None."""
        return self.tokens[name] if self.tokens else None

    def kept(self, key, names, read, *, timeout=3600):
        """``read()``, kept under ``key`` and the tokens of ``names`` (some of
        the page's); a None read is read again next time."""
        if self.tokens is None:
            return read()
        full_key = f"{key}:{_digest([self.tokens[name] for name in names])}"
        value = self.fragments.get(full_key)
        if value is None:
            value = read()
            if value is not None:
                self.fragments.set(full_key, value, timeout)
        return value

    def kept_rows(self, names, read, creator_of, *, timeout=3600):
        """``KeptRows`` of ``read()`` (``(rows, state)``: the page's rows and
        what else it shows, e.g. its number and count), kept under the page,
        the tokens of ``names`` and those of the creators the rows show
        (``creator_of(row)``: a row's creator's id). The rows and their digest
        are kept apart from the state: a page whose fragment is kept never
        loads its rows."""
        if self.tokens is None:
            rows, state = read()
            return KeptRows(rows, state, None)
        shown = [self.tokens[name] for name in self.hint]
        full_key = f"{self.key}:{_digest([self.tokens[name] for name in names] + shown)}"
        summary = self.fragments.get(full_key)
        if summary is not None:
            state, digest, length = summary
            rows = _LoadedRows(self.fragments, f"{full_key}:rows", length, read)
            return KeptRows(rows, state, digest)
        rows, state = read()
        kept = KeptRows(rows, state, _digest([tuple(row.values()) for row in rows]))
        shown = tuple(creator_version(creator_of(row)) for row in rows)
        if shown == tuple(self.hint):
            self.fragments.set(f"{full_key}:rows", list(rows), timeout)
            self.fragments.set(full_key, (state, kept.digest, len(rows)), timeout)
        else:  # other creators than those whose versions were read: kept from the next request
            self.fragments.set(f"{self.key}:creators", shown, timeout)
        return kept


class KeptRows:
    """A page's ``rows``, its ``state`` (what else it shows) and ``digest``, the
    digest of the rows' values (None when not kept)."""

    def __init__(self, rows, state, digest):
        self.rows, self.state, self.digest = rows, state, digest


class _LoadedRows(Sequence):
    """Kept rows, loaded from the cache (or read again, if it lost them) only
    when something reads them: the page's fragment missing."""

    def __init__(self, fragments, key, length, read):
        self.fragments, self.key, self.length, self.read = fragments, key, length, read
        self.loaded = None

    def _rows(self):
        if self.loaded is None:
            self.loaded = self.fragments.get(self.key)
            if self.loaded is None:
                self.loaded = list(self.read()[0])
        return self.loaded

    def __len__(self):
        return self.length

    def __getitem__(self, index):
        return self._rows()[index]

    def __iter__(self):
        return iter(self._rows())


def _campaign(user, pk):
    return Campaign.objects.filter(business__memberships__user=user, pk=pk).values(
        "id", "business_id", "product_name"
    )


def _campaign_with_run(user, pk):
    last = CampaignMatch.objects.filter(campaign=pk).order_by("-computed_at")
    return _campaign(user, pk).annotate(
        run_status=Subquery(MatchRun.objects.filter(campaign=pk).values("status")[:1]),
        last_computed=Subquery(last.values("computed_at")[:1]),
    )


def heading_versions(user, pk, *, with_run=False):
    """The versions ``campaign_heading`` is kept under."""
    names = [memberships_version(user.pk), campaign_version(pk)]
    return [*names, matches_version(pk)] if with_run else names


def campaign_heading(user, pk, *, with_run=False, reads=None):
    """The campaign ``pk`` if ``user`` belongs to its business (else None), with
    what the pages show of it; ``with_run``: its ``run`` (a MatchRun with its
    status, or None) and ``last_computed`` (when its matches were computed).
    Kept by ``reads`` (a ``PageReads`` with ``heading_versions``), if given."""
    build = _campaign_with_run if with_run else _campaign
    values = {"user": user.pk, "pk": int(pk)}

    def read():
        found = prepared.rows(("campaign", with_run), build, values)
        return dict(found[0]) if found else None

    if reads is None:
        row = read()
    else:
        key = f"campaign-heading:{user.pk}:{int(pk)}:{with_run}"
        row = reads.kept(key, heading_versions(user, pk, with_run=with_run), read)
    if row is None:
        return None
    campaign = instance(
        Campaign, id=row["id"], business_id=row["business_id"], product_name=row["product_name"]
    )
    if with_run:
        campaign.last_computed = row["last_computed"]
        campaign.run = (
            instance(MatchRun, campaign_id=row["id"], status=row["run_status"])
            if row["run_status"]
            else None
        )
    return campaign


def _given(filters):
    """The filters that filter (a value, not None or an empty text)."""
    return {name: value for name, value in filters.items() if value is not None and value != ""}


def _search_pks(**filters):
    return search_creators(**filters).order_by().values("pk")


def _search_rows(sort, counted_up_to, campaign, **filters):
    creators = search_creators(**filters, sort=sort)
    # How many are found, reading at most ``counted_up_to``: a scalar subquery
    # the database runs once, in the same query as the page.
    pks, params = _search_pks(**filters).query.sql_with_params()
    # The ORM's own SQL, its values all parameters.
    sql = f"SELECT COUNT(*) FROM ({pks} LIMIT {int(counted_up_to)}) counted"  # noqa: S608  # nosec B608
    found = RawSQL(sql, params)  # noqa: S611  # nosec B611
    return (
        with_relations(creators, Campaign(pk=campaign))
        .annotate(found=found)
        .values(*CREATOR_COLUMNS, "cheapest_fee", *RELATIONS, "found")
    )


def search_rows(campaign_id, filters, *, sort, offset, limit, counted_up_to):
    """A page of the creators ``filters`` find, sorted by ``sort``, as ``Row``s,
    each with ``found``: how many the filters find, counted up to ``counted_up_to``."""
    return prepared.rows(
        ("search", sort, counted_up_to),
        partial(_search_rows, sort, counted_up_to),
        {**_given(filters), "campaign": campaign_id},
        tail=" LIMIT %s OFFSET %s",
        tail_params=(limit, offset),
    )


def search_count(filters, limit):
    """How many creators ``filters`` find, reading at most ``limit``."""
    return prepared.count_at_most(("search-pks",), _search_pks, _given(filters), limit)


def search_estimate(filters):
    """PostgreSQL's estimate of how many creators ``filters`` find, kept as
    ``core.pagination.planner_estimate`` keeps it, or None on other databases."""
    sql, params, _names, _c = prepared.sql_of(("search-pks",), _search_pks, _given(filters))
    return sql_estimate(sql, params)


def _match_rows(sort, campaign, **filters):
    matches = stored_matches(Campaign(pk=campaign), **filters, sort=sort)
    return (
        with_relations(matches, Campaign(pk=campaign), "creator_id")
        .annotate(total=Window(Count("pk")))
        .values(
            *MATCH_COLUMNS,
            *(f"creator__{field}" for field in CREATOR_CARD_FIELDS),
            *RELATIONS,
            "total",
        )
    )


def match_rows(campaign_id, filters, *, sort, offset, limit):
    """A page of the campaign's stored matches ``filters`` keep, sorted by
    ``sort``, as ``Row``s; each has ``total``, how many matches the filters
    keep, and ``creator``, the creator's columns. ``parts`` is the stored
    JSON's text, decoded by ``matches_of``."""
    rows = prepared.rows(
        ("matches", sort),
        partial(_match_rows, sort),
        {**_given(filters), "campaign": campaign_id},
        tail=" LIMIT %s OFFSET %s",
        tail_params=(limit, offset),
        raw=("parts",),  # decoded only when the cards are rendered (matches_of)
    )
    for row in rows:
        row["creator"] = prepared.Row(zip(CREATOR_CARD_FIELDS, _creator_columns(row), strict=True))
    return rows


def _creator(values, prefix=""):
    columns = {field: values[prefix + field] for field in CREATOR_COLUMNS}
    creator = instance(CreatorProfile, **columns)
    for name in RELATIONS:
        setattr(creator, name, values[name])
    return creator


def creators_of(rows):
    """The creators of search rows, as profiles with ``cheapest_fee``,
    ``collaboration_status`` and ``is_shortlisted``."""
    creators = []
    for row in rows:
        creator = _creator(row)
        creator.cheapest_fee = row["cheapest_fee"]
        creators.append(creator)
    return creators


def matches_of(rows):
    """The matches of match rows, each with its ``creator`` (a profile) and
    ``collaboration_status`` and ``is_shortlisted``."""
    matches = []
    for row in rows:
        columns = {name: row[name] for name in MATCH_COLUMNS}
        columns["parts"] = prepared.converted(CampaignMatch, "parts", row["parts"])
        match = instance(CampaignMatch, **columns)
        match.creator = _creator({"creator__id": row["creator_id"], **row}, "creator__")
        for name in RELATIONS:
            setattr(match, name, row[name])
        matches.append(match)
    return matches


# --- Receivers moving the versions on (connected in brands.apps) ----------------------


def campaign_changed(sender, instance, **kwargs):
    """A campaign, one of its shortlist entries or collaborations was saved or deleted."""
    campaign_id = instance.pk if isinstance(instance, Campaign) else instance.campaign_id
    versions.bump(campaign_version(campaign_id))


def match_changed(sender, instance, **kwargs):
    """A stored match or a match run was saved or deleted (the matcher's bulk
    writes move the version themselves)."""
    versions.bump(matches_version(instance.campaign_id))


def matched_creator_leaving(sender, instance, **kwargs):
    """A creator is about to be deleted, and their stored matches with them (a
    cascade sending no signal), or was saved closed to offers (an account
    deleted is anonymised so, then its matches are deleted in bulk, in the
    same transaction): the lists of the campaigns listing them change."""
    if kwargs.get("signal") is post_save and instance.contact_preference != CLOSED:
        return
    listing = CampaignMatch.objects.filter(creator_id=instance.pk).values_list("campaign_id")
    for campaign_id in {campaign_id for (campaign_id,) in listing}:
        versions.bump(matches_version(campaign_id))
