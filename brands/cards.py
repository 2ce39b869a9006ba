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
"""

from django.utils.translation import get_language

from brands.models import Campaign
from brands.selectors import niche_labels

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
        creator.niche_labels,
        creator.follower_count,
        creator.views_last_30_days,
        creator.engagement_rate,
        creator.contact_preference,
        creator.figures_source,
        creator.figures_verified_at,
        creator.figures_stale_since,
    )


def _itself(row):
    return row


def _nothing(row):
    return ()


def mark_cards(campaign, rows, *, creator_of=_itself, shown=_nothing):
    """Give each creator of ``rows`` (``creator_of(row)``) what its card shows
    besides its own columns, and ``card_key``.

    ``rows`` are annotated by ``selectors.with_relations``; each creator gets
    ``niche_labels`` (one query for the page), ``collaboration_label`` and
    ``is_shortlisted``. ``card_key`` holds the language, the campaign, every
    value of the creator the card shows and ``shown(row)``: the page's own
    values (the fee, the score and its parts…).

    Returns the key of the whole list of cards: every card's key, in order."""
    rows = list(rows)
    creators = [creator_of(row) for row in rows]
    labels = niche_labels([creator.pk for creator in creators]) if creators else {}
    language = get_language()
    for row, creator in zip(rows, creators, strict=True):
        status = row.collaboration_status
        creator.niche_labels = tuple(labels.get(creator.pk, ()))
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
