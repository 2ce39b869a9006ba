"""Emails to buyers and creators about their purchases, refunds, reviews and new episodes."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core.emails import absolute_url, email_user
from series.models import Episode, Purchase, Series


def email_buyer(purchase, kind):
    """Email the buyer, in their language, about ``kind`` ("purchase" or "refund")
    once it is committed."""
    email_user(
        purchase.buyer,
        f"series/emails/{kind}",
        {
            "purchase": purchase,
            "series_url": absolute_url(purchase.series.get_absolute_url()),
            "library_url": absolute_url(reverse("series:library")),
        },
    )


def email_submission_decision(submission, series):
    """Email the creator, in their language, staff's decision on ``submission``
    once it is committed."""
    email_user(
        series.creator.user,
        f"series/emails/submission_{submission.status}",
        {
            "submission": submission,
            "series": series,
            "manage_url": absolute_url(reverse("series:manage", args=[series.pk])),
        },
    )


@transaction.atomic
def set_new_episode_emails(*, series, buyer, enabled):
    """Turn the buyer's emails about new episodes of ``series`` on or off.
    Returns False when they do not own it."""
    return bool(
        Purchase.objects.filter(series=series, buyer=buyer, status=Purchase.Status.PAID).update(
            notify_new_episodes=enabled
        )
    )


def notify_buyers_of_new_episodes(*, series_id, episode_ids):
    """Email every buyer who owns the Series and did not turn these emails off,
    in their language, about the newly approved ``episode_ids``.

    The episodes are marked under a row lock first, so a task delivered twice
    emails nobody twice. Returns the number of buyers emailed."""
    with transaction.atomic():
        episodes = list(
            Episode.objects.select_for_update()
            .filter(pk__in=episode_ids, series_id=series_id, buyers_notified_at=None)
            .exclude(approved_at=None)
            .order_by("position")
        )
        if not episodes:
            return 0
        Episode.objects.filter(pk__in=[episode.pk for episode in episodes]).update(
            buyers_notified_at=timezone.now()
        )
        series = Series.objects.get(pk=series_id)
        buyers = [
            purchase.buyer
            for purchase in Purchase.objects.filter(
                series_id=series_id, status=Purchase.Status.PAID, notify_new_episodes=True
            ).select_related("buyer")
        ]
        context = {
            "series": series,
            "episodes": episodes,
            "series_url": absolute_url(series.get_absolute_url()),
        }
        for buyer in buyers:
            email_user(buyer, "series/emails/new_episodes", context)
    return len(buyers)
