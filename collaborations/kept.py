"""The collaboration lists kept under the versions of what they show
(``core.versions``): a warm page reads nothing from the database.

What a list shows depends on rows it reads (the businesses, the creators of
its rows), so the versions it is kept under are known only once read:
``kept_by_names`` remembers the names of the last read per list, reads their
tokens in one round trip before the data, and keeps a read that names the
same versions under them. The versions:

- ``collaborations_version(profile)``: every save and deletion of the
  creator's collaborations, and of the profile (``collaborations.apps``);
- ``campaign_collaborations_version(campaign)``: every save and deletion of
  the campaign's collaborations, and every ledger entry naming the campaign
  (its fees: reserve, release, hold, return, pay);
- ``brands.selectors.campaigns_version(business)``: every save and deletion
  of the business (its name), its campaigns (their names) and its
  memberships (who may see the campaign's list);
- ``OPEN_CAMPAIGNS_VERSION``: every save and deletion of any campaign, any
  campaign's niches and any business (which campaigns are live, what their
  cards show, the businesses' names; businesses change rarely);
- ``creators.signals.creator_version(profile)``: the creator's profile and
  niches (which campaigns they may apply to; a creator's name in a row);
- ``NAMES_VERSION``: the niches' names.

Open campaigns depend on no date: a campaign is open while its status is
live, and a status changes only through a save.
"""

from django.core.paginator import Page
from django.http import Http404

from brands.models import Campaign
from brands.selectors import campaigns_version
from collaborations import lists
from collaborations.selectors import campaign_collaborations_version, collaborations_version
from core import versions
from core.pagination import Paginator, page_number
from core.plain_sql import LazyRows, instance, row_version
from creators.models.names import NAMES_VERSION
from creators.signals import creator_version

OPEN_CAMPAIGNS_VERSION = "open-campaigns"
KEPT_SECONDS = 3600


def kept_by_names(key, read, names_of):
    """``read()``, kept in the process's ``fragments`` cache under ``key`` with
    the tokens of the versions ``names_of(value)`` names (None: not kept), by
    ``core.versions.kept_for_owner``: the names of the last read are the
    entry's owner, their tokens read (one round trip) before the data, and a
    read naming the same versions is kept under them."""

    def read_named():
        value = read()
        names = names_of(value)
        return (None if names is None else tuple(names)), value, None

    return versions.kept_for_owner(key, list, read_named, KEPT_SECONDS)


def _version(page, rows):
    """Every value a list's fragment shows: its rows, the page's number and the
    list's count (its page links)."""
    return f"{page.number}:{page.paginator.count}:{row_version(rows)}"


def _page(rows, number, count, per_page, build, version):
    page = Page(LazyRows(rows, build), number, Paginator([], per_page, count=count))
    page.version = version
    return page


# --- A creator's collaborations -------------------------------------------------


def creator_collaborations_page(user, number, per_page):
    """``lists.creator_collaborations_page``, kept per person and page until
    the creator's collaborations or a shown business or campaign change; a 404
    for a user without a creator profile."""

    def read():
        page = lists.creator_collaborations_page(user, number, per_page)
        rows = page.object_list.rows
        profile = rows[0][lists.MINE_PROFILE] if rows else lists.profile_id_of(user)
        return rows, page.number, page.paginator.count, profile, _version(page, rows)

    def names_of(value):
        rows, profile = value[0], value[3]
        if profile is None:
            return None
        businesses = sorted({row[lists.MINE_BUSINESS] for row in rows})
        return [
            collaborations_version(profile),
            *(campaigns_version(business) for business in businesses),
        ]

    key = f"my-collaborations:{user.pk}:{page_number(number)}"
    rows, shown, count, profile, version = kept_by_names(key, read, names_of)
    if profile is None:
        raise Http404
    return _page(rows, shown, count, per_page, lists.mine_row, version)


# --- A campaign's collaborations ------------------------------------------------


def campaign_collaborations_page(campaign_pk, user, number, per_page):
    """``lists.campaign_collaborations_page`` (its rows, campaign and fees),
    kept per person, campaign and page until the campaign's collaborations or
    fees, its business (name, campaigns, members) or a shown creator change;
    a 404 for anyone not a member of the campaign's business."""

    def read():
        page = lists.campaign_collaborations_page(campaign_pk, user, number, per_page)
        rows = page.object_list.rows
        name, fees = page.campaign.product_name, page.fees
        shown = (campaign_pk, name, fees["held"], fees["room"])
        version = f"{row_version([shown])};{_version(page, [row[:9] for row in rows])}"
        return rows, page.number, page.paginator.count, name, page.business_id, fees, version

    def names_of(value):
        rows, business = value[0], value[4]
        creators = sorted({row[lists.OF_CAMPAIGN_CREATOR] for row in rows})
        return [
            campaign_collaborations_version(campaign_pk),
            campaigns_version(business),
            *(creator_version(creator) for creator in creators),
        ]

    key = f"campaign-collaborations:{user.pk}:{campaign_pk}:{page_number(number)}"
    value = kept_by_names(key, read, names_of)
    rows, shown, count, name, _business, fees, version = value
    page = _page(rows, shown, count, per_page, lists.of_campaign_row, version)
    page.campaign = instance(Campaign, id=campaign_pk, product_name=name)
    page.fees = fees
    return page


# --- Open campaigns ---------------------------------------------------------------


def open_campaigns_page(user, number, per_page, *, all_niches=False):
    """``lists.open_campaigns_page``, kept per person, scope and page until a
    campaign, its niches or a business change, the creator's profile, niches
    or collaborations change or a niche's name changes; a 404 for a user
    without a creator profile."""

    def read():
        try:
            page = lists.open_campaigns_page(user, number, per_page, all_niches=all_niches)
        except Http404:
            return None
        rows = page.object_list.rows
        return rows, page.number, page.paginator.count, page.profile_id, _version(page, rows)

    def names_of(value):
        if value is None:
            return None
        profile = value[3]
        return [
            OPEN_CAMPAIGNS_VERSION,
            NAMES_VERSION,
            creator_version(profile),
            collaborations_version(profile),
        ]

    key = f"open-campaigns:{user.pk}:{int(all_niches)}:{page_number(number)}"
    value = kept_by_names(key, read, names_of)
    if value is None:
        raise Http404
    rows, shown, count, _profile, version = value
    return _page(rows, shown, count, per_page, lists.open_row, version)


# --- Receivers (``collaborations.apps``) -------------------------------------------


def campaign_changed(sender, instance, **kwargs):
    """A campaign or a business saved or deleted: the open campaigns change."""
    versions.bump(OPEN_CAMPAIGNS_VERSION)


def campaign_niches_changed(sender, action, **kwargs):
    """Niches given to or taken from campaigns (either side)."""
    if action.startswith("post_"):
        versions.bump(OPEN_CAMPAIGNS_VERSION)


def ledger_entry_posted(sender, instance, **kwargs):
    """Every movement of a campaign's money names the campaign (reserve,
    release, hold, return, pay): its list's fees change."""
    if instance.campaign_id is not None:
        versions.bump(campaign_collaborations_version(instance.campaign_id))


def profile_deleted(sender, instance, **kwargs):
    """A deleted creator profile: their list is a 404 from now on."""
    versions.bump(collaborations_version(instance.pk))
