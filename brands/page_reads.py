"""The reads of the matches and search pages, as plain rows whose SQL is
compiled once per process (``core.prepared``): the campaign (with the
access check), the page of matches or creators with what the business did
with each, and search's capped count and planner estimate.

The rows are dicts of the shown columns; model objects are made of them only
when the page's cards are rendered, not when they come from the cache."""

from functools import partial
from operator import itemgetter

from django.db.models import Count, Subquery, Window
from django.db.models.expressions import RawSQL

from brands.models import Campaign, CampaignMatch, MatchRun
from brands.selectors import (
    CREATOR_CARD_FIELDS,
    search_creators,
    stored_matches,
    with_relations,
)
from core import prepared
from core.pagination import sql_estimate
from core.plain_sql import instance
from creators.models import CreatorProfile

CREATOR_COLUMNS = ("id", *CREATOR_CARD_FIELDS)
RELATIONS = ("collaboration_status", "is_shortlisted")
MATCH_COLUMNS = ("id", "score", "parts", "tier", "followers", "creator_id")

_creator_columns = itemgetter(*(f"creator__{field}" for field in CREATOR_CARD_FIELDS))


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


def campaign_heading(user, pk, *, with_run=False):
    """The campaign ``pk`` if ``user`` belongs to its business (else None), with
    what the pages show of it; ``with_run``: its ``run`` (a MatchRun with its
    status, or None) and ``last_computed`` (when its matches were computed)."""
    build = _campaign_with_run if with_run else _campaign
    found = prepared.rows(("campaign", with_run), build, {"user": user.pk, "pk": int(pk)})
    if not found:
        return None
    row = found[0]
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
