"""The parts of a score, each between 0 and 1 for every creator at once.

``performance``, ``reliability`` and ``confidence`` need no campaign: they are computed once
when the creators are loaded (``columns.CreatorColumns``). ``score_parts``
adds the parts that depend on what the campaign asks."""

import math

import numpy as np

# An engagement rate at or above this (in %) earns the whole engagement half.
STRONG_ENGAGEMENT = 8.0
# Monthly views per follower at or above this earn the whole views half.
STRONG_VIEWS_PER_FOLLOWER = 3.0
# What an unknown figure scores: neither helps nor hurts.
NEUTRAL = 0.5
# A track record is weighed against this many imaginary neutral collaborations,
# so one late delivery does not sink a newcomer and one good job does not make
# them the most reliable creator on the portal; long records speak for themselves.
PRIOR_COLLABORATIONS = 2
# Posted campaign videos reaching this many times the creator's own average
# views earn the whole of that component of the record; the usual views (1.0)
# earn half of it, which is neutral.
STRONG_DELIVERY = 2.0
# Confidence in a creator's figures. Read from TikTok in the last week: whole.
# Older (TikTok has not answered, or the link broke): from STALE_CONFIDENCE,
# less each further day, down to what self-reported figures get. Typed in or
# imported: SELF_REPORTED; no figures at all: NO_FIGURES.
FRESH_DAYS = 7
VERIFIED_CONFIDENCE = 1.0
STALE_CONFIDENCE = 0.7
STALE_LOSS_PER_DAY = 0.01
SELF_REPORTED_CONFIDENCE = 0.4
NO_FIGURES_CONFIDENCE = 0.2


def score_parts(wanted, columns, shared_niches, spoken_languages):
    """Each part of the score for every candidate, between 0 and 1."""
    size = len(columns)
    niche = shared_niches / len(wanted.niche_ids) if wanted.niche_ids else np.ones(size)

    languages = (
        spoken_languages / len(wanted.language_ids) if wanted.language_ids else np.ones(size)
    )
    share = columns.indonesian_share
    place = np.where(np.isnan(share), NEUTRAL, share / 100)
    place_and_language = (languages + place) / 2

    # Inside the wanted range scores 1; outside it, the score falls with the
    # distance in orders of magnitude, reaching 0 at ten times off.
    log_followers = columns.log_followers
    distance = np.maximum(math.log10(wanted.audience_min + 1) - log_followers, 0)
    if wanted.audience_max is not None:
        distance = np.maximum(distance, log_followers - math.log10(wanted.audience_max + 1))
    audience_size = np.clip(1 - distance, 0, 1)

    # The hard conditions left out rates above the fee; within it, a cheaper
    # rate scores higher, from 0.5 (the whole fee) to 1 (free).
    if wanted.fee_per_creator:
        fee = np.where(
            np.isnan(columns.cheapest_fee),
            NEUTRAL,
            1 - columns.cheapest_fee / wanted.fee_per_creator / 2,
        )
    else:
        fee = np.full(size, NEUTRAL)

    return {
        "niche": niche,
        "place_and_language": place_and_language,
        "audience_size": audience_size,
        "performance": columns.performance,
        "fee": fee,
        "reliability": columns.reliability,
        "confidence": columns.confidence,
    }


def performance(engagement, views, followers):
    """Engagement and recent views as 0..1, the mean of two halves. Views are
    counted per follower so that a small account with an attentive audience is
    not outscored by sheer size; an unreported engagement rate is neutral."""
    engagement = np.where(
        np.isnan(engagement), NEUTRAL, np.clip(engagement / STRONG_ENGAGEMENT, 0, 1)
    )
    views_per_follower = views / np.maximum(followers, 1)
    return (engagement + np.clip(views_per_follower / STRONG_VIEWS_PER_FOLLOWER, 0, 1)) / 2


def reliability(judged, on_time, approved, stars, videos_measured=None, vs_average=None):
    """The track record as 0..1: the mean of the on-time rate, the approval
    rate, the rating (1 star is 0, 5 stars is 1; left out when never rated)
    and how the posted videos did against the creator's own average views
    (``delivered``; left out when no video was measured), pulled towards
    neutral by ``PRIOR_COLLABORATIONS``. The record weighs as many
    collaborations as it rests on: the judged ones, or the measured videos
    when there are more (a posted video still waiting for the business's
    answer). No record is neutral."""
    if videos_measured is None:
        videos_measured = np.zeros(np.shape(judged))
        vs_average = np.full(np.shape(judged), np.nan)
    has_judged = judged > 0
    measured = (videos_measured > 0) & ~np.isnan(vs_average)
    with np.errstate(invalid="ignore", divide="ignore"):
        rates = np.where(has_judged, (on_time + approved) / judged, 0)
    rated = ~np.isnan(stars)
    rating = np.where(rated, (stars - 1) / 4, 0)
    videos = np.where(measured, delivered(np.nan_to_num(vs_average)), 0)
    components = np.where(has_judged, 2, 0) + rated + measured
    weight = np.maximum(judged, np.where(measured, videos_measured, 0))
    with np.errstate(invalid="ignore", divide="ignore"):
        record = (rates + rating + videos) / components
    pulled = (weight * np.nan_to_num(record) + PRIOR_COLLABORATIONS * NEUTRAL) / (
        weight + PRIOR_COLLABORATIONS
    )
    return np.where(weight > 0, pulled, NEUTRAL)


def delivered(vs_average):
    """Posted videos' views against the creator's own average as 0..1: the
    creator's usual views (1.0) are neutral, ``STRONG_DELIVERY`` times them or
    more earn the whole component, none earn nothing."""
    return np.clip(vs_average / STRONG_DELIVERY, 0, 1)


def confidence(verified_days_ago, has_figures):
    """How far the figures can be trusted, 0..1: ``verified_days_ago`` is NaN
    for figures not read from TikTok. Verified within ``FRESH_DAYS`` (the
    seventh day included) counts fully; older verified figures start at
    ``STALE_CONFIDENCE`` and lose ``STALE_LOSS_PER_DAY`` a day, never below
    self-reported ones."""
    days = np.nan_to_num(verified_days_ago, nan=0.0)
    stale = np.clip(
        STALE_CONFIDENCE - STALE_LOSS_PER_DAY * (days - FRESH_DAYS - 1),
        SELF_REPORTED_CONFIDENCE,
        STALE_CONFIDENCE,
    )
    verified = np.where(days <= FRESH_DAYS, VERIFIED_CONFIDENCE, stale)
    unverified = np.where(has_figures, SELF_REPORTED_CONFIDENCE, NO_FIGURES_CONFIDENCE)
    return np.where(np.isnan(verified_days_ago), unverified, verified)
