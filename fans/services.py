"""Fans' writes: following creators and the emails about their new episodes."""

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from core.emails import absolute_url, email_user
from fans.models import EpisodeAnnouncement, Follow
from fans.refusals import FansRefused
from series.models import Episode, Purchase, Series


def follow(*, user, creator):
    """``user`` follows ``creator`` (following twice changes nothing). Returns
    True when this made a new follow. A creator cannot follow themself."""
    if creator.user_id == user.pk:
        raise FansRefused(_("This is your own creator page."))
    try:
        with transaction.atomic():
            _follow, created = Follow.objects.get_or_create(fan=user, creator=creator)
    except IntegrityError:  # the same follow, made at the same moment
        return False
    return created


@transaction.atomic
def unfollow(*, user, creator):
    """``user`` stops following ``creator``; returns whether they did follow."""
    deleted, _rows = Follow.objects.filter(fan=user, creator=creator).delete()
    return bool(deleted)


def notify_followers_of_new_episodes(*, series_id, episode_ids):
    """Email, in their language, each follower of the Series' creator who does
    not own it (owners get the buyers' email) about its newly published
    ``episode_ids``. The episodes are announced under a row lock first, so a
    task delivered twice emails nobody twice. Returns the number of followers emailed."""
    with transaction.atomic():
        episodes = list(
            # Announced ones are left out with a subquery: PostgreSQL cannot
            # lock rows through the outer join ``announcement=None`` makes.
            Episode.objects.select_for_update()
            .filter(pk__in=episode_ids, series_id=series_id)
            .exclude(pk__in=EpisodeAnnouncement.objects.values("episode_id"))
            .exclude(approved_at=None)
            .order_by("position")
        )
        if not episodes:
            return 0
        series = Series.objects.select_related("creator").get(pk=series_id)
        followers = []
        if series.is_published:
            owners = Purchase.objects.filter(
                series_id=series_id, status=Purchase.Status.PAID
            ).values("buyer_id")
            followers = [
                follow.fan
                for follow in Follow.objects.filter(creator_id=series.creator_id)
                .exclude(fan_id__in=owners)
                .exclude(fan_id=series.creator.user_id)
                .select_related("fan")
            ]
        EpisodeAnnouncement.objects.bulk_create(
            [
                EpisodeAnnouncement(episode=episode, followers_emailed=len(followers))
                for episode in episodes
            ]
        )
        context = {
            "series": series,
            "creator": series.creator,
            "episodes": episodes,
            "series_url": absolute_url(series.get_absolute_url()),
            "home_url": absolute_url(reverse("fans:home")),
            "following_url": absolute_url(reverse("fans:following")),
        }
        for fan in followers:
            email_user(fan, "fans/emails/new_episode_followed", context)
    return len(followers)
