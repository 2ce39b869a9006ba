"""Creator cards of the matches, search and shortlist pages: what each shows,
prepared once per row, and the key of its cached fragment.

A card is rendered once and then served from the process-local ``fragments``
cache (``{% cache … creator.card_key using="fragments" %}``). Its key is made
of every value the card's HTML shows, not of row versions: what a card shows
comes from six tables (the profile, its niches and their names, the rate
card, the match, the collaboration, the shortlist), several of which have no
version a card could use (a niche renamed by staff, a shortlist entry), and
the values are in the rows the page reads anyway. So whichever service
changes what a card shows (new figures, a new fee, a decided collaboration,
a shortlisted creator, a new match run), the next page computes another key
and renders the card again; no card is ever stale, nothing has to be deleted.

The niches are the exception: they would cost a query per page just to build
the keys. The key holds instead the profile's ``updated_at`` (``update_profile``
saves the profile with its niches, in one transaction) and the names' version
(``NAMES_VERSION``, changed by any renamed niche), and the labels are read, in
one query for the page, only when a card is rendered. When the names' version
cannot be read (Redis down), the labels are read first and the key holds them.
"""

import hashlib

from django.utils.translation import get_language

from brands.models import Campaign
from brands.selectors import niche_labels
from core import versions
from creators.models.names import NAMES_VERSION

# The collaboration statuses' labels, without importing collaborations (a row above).
STATUS_LABELS = dict(Campaign.collaborations.field.model._meta.get_field("status").flatchoices)


def _creator_values(creator):
    """What every card shows of ``creator``: heading, figures, provenance, actions."""
    return (
        creator.pk,
        creator.display_name,
        creator.handle,
        creator.photo.name,
        creator.city,
        creator.province,
        creator.niche_key,
        creator.follower_count,
        creator.views_last_30_days,
        creator.engagement_rate,
        creator.contact_preference,
        creator.figures_source,
        creator.figures_verified_at,
        creator.figures_stale_since,
    )


class _PageNiches:
    """The niche labels of a page's creators, read in one query the first time
    a card asks (a page whose cards all come from the cache never does)."""

    def __init__(self, creator_ids):
        self.creator_ids = creator_ids
        self.labels = None

    def of(self, creator_id):
        if self.labels is None:
            self.labels = niche_labels(self.creator_ids) if self.creator_ids else {}
        return tuple(self.labels.get(creator_id, ()))


class _NicheLabels:
    """One creator's niche labels from ``_PageNiches``, read when iterated."""

    def __init__(self, page, creator_id):
        self.page, self.creator_id = page, creator_id

    def __iter__(self):
        return iter(self.page.of(self.creator_id))

    def __len__(self):
        return len(self.page.of(self.creator_id))

    def __bool__(self):
        return bool(self.page.of(self.creator_id))


def _itself(row):
    return row


def _nothing(row):
    return ()


def mark_cards(campaign, rows, *, creator_of=_itself, shown=_nothing):
    """Give each creator of ``rows`` (``creator_of(row)``) what its card shows
    besides its own columns, and ``card_key``.

    ``rows`` are annotated by ``selectors.with_relations``; each creator gets
    ``niche_labels`` (one query for the page, when a card is rendered), ``collaboration_label`` and
    ``is_shortlisted``. ``card_key`` holds the language, the campaign, every
    value of the creator the card shows and ``shown(row)``: the page's own
    values (the fee, the score and its parts…).

    Returns the key of the whole list of cards: every card's key, in order."""
    rows = list(rows)
    creators = [creator_of(row) for row in rows]
    niches = _PageNiches([creator.pk for creator in creators])
    names = versions.current(NAMES_VERSION)
    language = get_language()
    for row, creator in zip(rows, creators, strict=True):
        status = row.collaboration_status
        creator.niche_labels = _NicheLabels(niches, creator.pk)
        creator.niche_key = (creator.updated_at, names) if names else tuple(creator.niche_labels)
        creator.collaboration_label = STATUS_LABELS.get(status, status) if status else None
        creator.is_shortlisted = row.is_shortlisted
        creator.card_key = repr(
            (
                language,
                campaign.pk,
                _creator_values(creator),
                status,
                creator.is_shortlisted,
                *shown(row),
            )
        )
    return "\n".join(creator.card_key for creator in creators)


class LazyCards:
    """A page's cards, made (``make()``, model objects) and marked
    (``mark_cards``) only when the template iterates them: a page whose cards
    come from the fragment cache never does."""

    def __init__(self, campaign, make, **marks):
        self.campaign, self.make, self.marks, self.made = campaign, make, marks, None

    def __iter__(self):
        if self.made is None:
            self.made = list(self.make())
            mark_cards(self.campaign, self.made, **self.marks)
        return iter(self.made)


def page_key(request, campaign, digest, *state, names):
    """The key of a matches or search page's cached body (its heading and
    sections, the filter form, how many were found, the cards, the page
    links; not its shortlist form): everything they show, i.e. the language,
    the names' version (the form's choices, the cards' niches), the campaign
    (its name and business), the address and query string (the sections, the
    filters and the page links), every column of every row (``digest``: the
    rows' ``brands.page_reads.KeptRows.digest``) and ``state`` (the count, the
    page number…).
    None without the names' version (``names``: Redis down): the page is
    then rendered, its cards cached one by one (``mark_cards``)."""
    if not names:
        return None
    shown = (
        get_language(),
        names,
        campaign.pk,
        campaign.business_id,
        campaign.product_name,
        request.path,
        sorted(request.GET.lists()),
        digest,
        state,
    )
    return hashlib.md5(repr(shown).encode(), usedforsecurity=False).hexdigest()
