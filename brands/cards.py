"""Creator cards of the matches, search and shortlist pages: what each shows,
prepared once per row, and the key of its cached fragment.

A card is rendered once and then served from the process-local ``fragments``
cache (``{% cache … card.key using="fragments" %}``). Its key is made of every
value the card's HTML shows, not of row versions: a creator's niches, their
collaboration on the campaign and the shortlist change without touching the
profile's ``updated_at``, and figures arrive by ``QuerySet.update()``. So
whichever service changes what a card shows (new figures, a new fee, a
decided collaboration, a shortlisted creator, a new match run), the next page
computes another key and renders the card again; no card is ever stale and
nothing has to be deleted.
"""

from django.utils.translation import get_language

from brands.models import Campaign

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
        tuple((niche.pk, niche.name, niche.name_id) for niche in creator.niches.all()),
        creator.follower_count,
        creator.views_last_30_days,
        creator.engagement_rate,
        creator.contact_preference,
        creator.figures_source,
        creator.figures_verified_at,
        creator.figures_stale_since,
    )


def mark_card(creator, row, campaign, *shown):
    """Give ``creator`` what its card's actions show, from ``row`` annotated by
    ``selectors.with_relations``, and ``card_key``: the language, the campaign,
    every value of the creator the card shows and ``shown`` (the page's own
    values: the fee, the score and its parts…)."""
    status = row.collaboration_status
    creator.collaboration_label = STATUS_LABELS.get(status, status) if status else None
    creator.is_shortlisted = row.is_shortlisted
    creator.card_key = repr(
        (
            get_language(),
            campaign.pk,
            _creator_values(creator),
            status,
            creator.is_shortlisted,
            *shown,
        )
    )
