"""Selectors of the collaboration lists people open most: a creator's
collaborations, a campaign's collaborations and the open campaigns.

Each reads its page and the list's count in one plain SQL query
(``core.plain_sql``). The pages keep what these read under the versions of
what it shows (``collaborations.kept``), and key their fragments on every
value shown.
"""

from decimal import Decimal
from functools import cache

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.text import Truncator

from brands.models import Business, BusinessMembership, Campaign
from brands.selectors import campaign_headings_for_user
from collaborations.models import Collaboration
from core.money import cents
from core.plain_sql import (
    Alias,
    Columns,
    fetch,
    instance,
    page_of_rows,
)
from creators.models.categories import Niche
from creators.models.names import in_active_language
from creators.models.profiles import CreatorProfile
from payments.ledger import ZERO
from payments.models import Account, LedgerLine

Status = Collaboration.Status


def _placeholders(values):
    return ", ".join(["%s"] * len(values))


# --- A creator's collaborations -------------------------------------------------

MINE = Columns(
    (Collaboration, "id"),
    (Collaboration, "status"),
    (Collaboration, "fee"),
    (Collaboration, "due_on"),
    (Campaign, "id"),
    (Campaign, "product_name"),
    (Business, "id"),
    (Business, "name"),
)
MINE_BUSINESS, MINE_PROFILE = 6, 8
_GROUPS = ([Status.INVITED], [Status.APPLIED], sorted(Collaboration.ACTIVE))


@cache
def _mine_sql():
    c, p = Alias(Collaboration, "c"), Alias(CreatorProfile, "p")
    k, b = Alias(Campaign, "k"), Alias(Business, "b")
    groups = " ".join(
        f"WHEN {c.status} IN ({_placeholders(statuses)}) THEN {index}"
        for index, statuses in enumerate(_GROUPS)
    )
    return (
        f"SELECT {c.id}, {c.status}, {c.fee}, {c.due_on}, {k.id}, {k.product_name}, "  # noqa: S608  # nosec B608
        f"{b.id}, {b.name}, {p.id}, CASE {groups} ELSE {len(_GROUPS)} END AS grp, "
        f"COUNT(*) OVER () AS total FROM {c} "
        f"JOIN {p} ON {p.id} = {c.creator} JOIN {k} ON {k.id} = {c.campaign} "
        f"JOIN {b} ON {b.id} = {k.business} WHERE {p.user} = %s "
        f"ORDER BY grp, {c.updated_at} DESC, {c.id} DESC LIMIT %s OFFSET %s"
    )


def mine_row(row):
    pk, status, fee, due_on, campaign_pk, product_name, business_pk, business_name = MINE.convert(
        row
    )
    collaboration = instance(Collaboration, id=pk, status=status, fee=fee, due_on=due_on)
    collaboration.campaign = instance(Campaign, id=campaign_pk, product_name=product_name)
    collaboration.campaign.business = instance(Business, id=business_pk, name=business_name)
    collaboration.group = row[-2]
    return collaboration


def creator_collaborations_page(user, number, per_page):
    """Page ``number`` of the collaborations of ``user``'s creator profile:
    invitations waiting for an answer first, then applications, the active
    ones, then the closed ones; most recently changed first within each. An
    empty page for a user without a profile. Each row holds the business's
    id at ``MINE_BUSINESS`` and the profile's at ``MINE_PROFILE``."""
    sql = _mine_sql()
    statuses = [status for statuses in _GROUPS for status in statuses]

    def read(offset, limit):
        return fetch(sql, [*statuses, user.pk, limit, offset])

    return page_of_rows(read, number, per_page, mine_row)


# --- A campaign's collaborations ------------------------------------------------

OF_CAMPAIGN = Columns(
    (Collaboration, "id"),
    (Collaboration, "status"),
    (Collaboration, "fee"),
    (Collaboration, "due_on"),
    (Collaboration, "updated_at"),
    (CreatorProfile, "id"),
    (CreatorProfile, "display_name"),
    (CreatorProfile, "handle"),
    (Campaign, "product_name"),
)


@cache
def _fee_sums():
    """Scalar subqueries of the sums of the lines on the campaign's accounts of
    one kind (parameters: the campaign's id, the kind): ``SUM`` of nothing is
    NULL."""
    line, account = Alias(LedgerLine, "l"), Alias(Account, "a")
    return (
        f"(SELECT SUM({line.amount}) FROM {line} JOIN {account} ON {account.id} = {line.account} "  # noqa: S608  # nosec B608
        f"WHERE {account.campaign} = %s AND {account.kind} = %s)"
    )


def _fee_parameters(campaign_pk):
    """The parameters of the held fees' and the reserve's sums."""
    return [
        campaign_pk,
        Account.Kind.COLLABORATION_HOLD,
        campaign_pk,
        Account.Kind.CAMPAIGN_RESERVE,
    ]


OF_CAMPAIGN_CREATOR = 5  # the index of a row's creator profile


@cache
def _of_campaign_sql():
    c, p = Alias(Collaboration, "c"), Alias(CreatorProfile, "p")
    k, m = Alias(Campaign, "k"), Alias(BusinessMembership, "m")
    return (
        f"SELECT {c.id}, {c.status}, {c.fee}, {c.due_on}, {c.updated_at}, "  # noqa: S608  # nosec B608
        f"{p.id}, {p.display_name}, {p.handle}, {k.product_name}, {_fee_sums()}, "
        f"{_fee_sums()}, {k.business}, COUNT(*) OVER () AS total "
        f"FROM {c} JOIN {k} ON {k.id} = {c.campaign} JOIN {p} ON {p.id} = {c.creator} "
        f"WHERE {c.campaign} = %s AND EXISTS (SELECT 1 FROM {m} "
        f"WHERE {m.business} = {k.business} AND {m.user} = %s) "
        f"ORDER BY {c.updated_at} DESC, {c.id} DESC LIMIT %s OFFSET %s"
    )


def of_campaign_row(row):
    pk, status, fee, due_on, updated_at, creator_pk, display_name, handle, _name = (
        OF_CAMPAIGN.convert(row)
    )
    collaboration = instance(
        Collaboration, id=pk, status=status, fee=fee, due_on=due_on, updated_at=updated_at
    )
    collaboration.creator = instance(
        CreatorProfile, id=creator_pk, display_name=display_name, handle=handle
    )
    return collaboration


def campaign_collaborations_page(campaign_pk, user, number, per_page):
    """Page ``number`` of the collaborations of the campaign ``campaign_pk``,
    most recently changed first, with ``campaign`` (its pk and name) and
    ``fees`` (``campaign_fees``, read with the rows) if ``user`` is a member of
    its business; a 404 otherwise; ``business_id`` is the campaign's business."""
    sql = _of_campaign_sql()

    def read(offset, limit):
        return fetch(sql, [*_fee_parameters(campaign_pk), campaign_pk, user.pk, limit, offset])

    page = page_of_rows(read, number, per_page, of_campaign_row)
    rows = page.object_list.rows
    if rows:
        page.campaign = instance(Campaign, id=campaign_pk, product_name=rows[0][8])
        page.fees = _fees(*rows[0][9:11])
        page.business_id = rows[0][11]
    else:
        # Without any row, the campaign is read (or not found) on its own.
        page.campaign = get_object_or_404(campaign_headings_for_user(user), pk=campaign_pk)
        page.fees = campaign_fees(campaign_pk)
        page.business_id = page.campaign.business_id
    return page


@cache
def _fees_sql():
    return f"SELECT {_fee_sums()}, {_fee_sums()}"  # noqa: S608  # nosec B608


def _amount(total):
    # SQLite sums decimals with floating point; cents are exact again once rounded.
    return ZERO if total is None else cents(Decimal(str(total)))


def _fees(held, reserved):
    return {"held": _amount(held), "room": max(_amount(reserved), ZERO)}


def campaign_fees(campaign_id):
    """The campaign's fees from the ledger, in one query: ``held``, agreed with
    the creators and not yet paid or returned, and ``room``, what it can still
    promise (as ``selectors.fee_room``)."""
    ((held, reserved),) = fetch(_fees_sql(), _fee_parameters(campaign_id))
    return _fees(held, reserved)


# --- Open campaigns ---------------------------------------------------------------

BRIEF_WORDS = 30  # of a campaign's brief shown on its card
OPEN = Columns(
    (Campaign, "id"),
    (Campaign, "product_name"),
    (Campaign, "fee_per_creator"),
    (Campaign, "starts_on"),
    (Campaign, "ends_on"),
    (Campaign, "brief_show"),
    (Business, "id"),
    (Business, "name"),
    (Collaboration, "status"),
)


@cache
def _open_sql(all_niches):
    """The page of live campaigns (newest first) the creator of user ``%s``
    may apply to, each with the creator's collaboration's status there and the
    list's count, joined to each campaign's niches (a row per niche)."""
    k, b, c = Alias(Campaign, "k"), Alias(Business, "b"), Alias(Collaboration, "c")
    me, n = Alias(CreatorProfile, "me"), Alias(Niche, "n")
    t, w = Alias(Campaign.niches.through, "t"), Alias(CreatorProfile.niches.through, "w")
    # Uncorrelated subqueries: each is read once into a hashed set, not run per campaign.
    me_again = Alias(CreatorProfile, "p")
    profile = f"SELECT {me_again.id} FROM {me_again} WHERE {me_again.user} = %s"  # noqa: S608  # nosec B608
    wanting_mine = (
        f"SELECT {t.campaign} FROM {t} JOIN {w} ON {w.niche} = {t.niche} "  # noqa: S608  # nosec B608
        f"WHERE {w.creatorprofile} = ({profile})"
    )
    niches = (
        ""
        if all_niches
        else f"AND ({k.id} NOT IN (SELECT {t.campaign} FROM {t}) OR {k.id} IN ({wanting_mine}))"  # noqa: S608  # nosec B608
    )
    # The window counts narrow rows; the shown columns are read for the page only.
    page = (
        f"SELECT {k.id} AS campaign, {k.created_at} AS created, {me.id} AS creator, "  # noqa: S608  # nosec B608
        f"COUNT(*) OVER () AS total FROM {me} JOIN {k} ON {k.status} = %s "
        f"WHERE {me.user} = %s {niches} "
        f"ORDER BY {k.created_at} DESC, {k.id} DESC LIMIT %s OFFSET %s"
    )
    return (
        f"WITH page AS ({page}) SELECT {k.id}, {k.product_name}, {k.fee_per_creator}, "  # noqa: S608  # nosec B608
        f"{k.starts_on}, {k.ends_on}, {k.brief_show}, {b.id}, {b.name}, "
        f"(SELECT {c.status} FROM {c} WHERE {c.campaign} = page.campaign "
        f"AND {c.creator} = page.creator), {n.id}, {n.name}, {n.name_id}, page.creator, "
        "page.total "
        f"FROM page JOIN {k} ON {k.id} = page.campaign JOIN {b} ON {b.id} = {k.business} "
        f"LEFT JOIN {t} ON {t.campaign} = page.campaign LEFT JOIN {n} ON {n.id} = {t.niche} "
        "ORDER BY page.created DESC, page.campaign DESC"
    )


def _by_campaign(rows):
    """The rows (one per campaign and niche) as one row per campaign:
    ``(campaign values…, ((niche pk, English name, Indonesian name), …), total)``,
    the brief cut to the words a card shows (kept rows stay small).
    The names are picked and sorted in the active language only when a card
    is rendered (``open_row``)."""
    campaigns = {}
    for row in rows:
        if row[0] not in campaigns:
            # What the card shows of the brief (the template's ``truncatewords:30``).
            brief = Truncator(row[5]).words(BRIEF_WORDS, truncate=" …")
            campaigns[row[0]] = ((*row[:5], brief, *row[6:9]), [], row[-1])
        found = campaigns[row[0]]
        if row[9] is not None:
            found[1].append(row[9:12])
    return [(*values, tuple(niches), total) for values, niches, total in campaigns.values()]


def open_row(row):
    pk, name, fee, starts_on, ends_on, brief, business_pk, business_name, mine = OPEN.convert(row)
    campaign = instance(
        Campaign,
        id=pk,
        product_name=name,
        fee_per_creator=fee,
        starts_on=starts_on,
        ends_on=ends_on,
        brief_show=brief,
    )
    campaign.business = instance(Business, id=business_pk, name=business_name)
    campaign.my_collaboration = mine
    niches = sorted(
        (in_active_language(english, indonesian), pk) for pk, english, indonesian in row[9]
    )
    campaign.niche_labels = [label for label, _pk in niches]
    return campaign


def open_campaigns_page(user, number, per_page, *, all_niches=False):
    """Page ``number`` of the live campaigns the creator of ``user`` may apply
    to, newest first: by default those wanting one of the creator's niches or
    any niche, else every live one. Each carries ``my_collaboration`` (the
    creator's status there, or None) and ``niche_labels`` (in the active
    language, in label order). A 404 for a user without a creator profile;
    ``profile_id`` is the pk of theirs.

    The niches are tested with ``EXISTS``, not a join (which needs
    ``DISTINCT``); the page's niches are joined to the page only."""
    sql = _open_sql(all_niches)

    def read(offset, limit):
        mine = [] if all_niches else [user.pk]
        found = fetch(sql, [Campaign.Status.LIVE, user.pk, *mine, limit, offset])
        if found:
            read.creator = found[0][-2]
        return _by_campaign(found)

    read.creator = None
    page = page_of_rows(read, number, per_page, open_row)
    page.profile_id = read.creator if read.creator is not None else profile_id_of(user)
    if page.profile_id is None:
        raise Http404
    return page


def profile_id_of(user):
    """The pk of ``user``'s creator profile, or None."""
    return CreatorProfile.objects.filter(user=user).values_list("pk", flat=True).first()
