"""Adding, renaming, ordering, deleting and keeping episodes."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from series import selectors
from series.models import MAX_EPISODES, Episode, Submission
from series.services.editing import Edit, lock_series, pending_changes, refuse_while_in_review
from series.services.page_version import touch_series
from series.services.refusals import SeriesRefused, refused_when_invalid
from series.videos import episode_duration_ms


@transaction.atomic
def add_episode(*, series, title, video, is_free_preview=False):
    """Append an episode whose duration is read from ``video`` itself.

    Refuses (``SeriesRefused``) a file that is not an MP4, lasts under 30 seconds
    or over 20 minutes, or an 81st episode; the Series is locked while counting,
    and the database's number constraints back the limit up.
    """
    with refused_when_invalid():
        duration_ms = episode_duration_ms(video)
    series = lock_series(series)
    refuse_while_in_review(series)
    count = series.episodes.count()
    if count >= MAX_EPISODES:
        raise SeriesRefused(_("A Series has at most %(limit)s episodes.") % {"limit": MAX_EPISODES})
    episode = Episode(
        series=series,
        title=title,
        position=count + 1,
        duration_ms=duration_ms,
        size_bytes=video.size,
        is_free_preview=is_free_preview,
    )
    episode.video.save("episode.mp4", video, save=False)
    try:
        with transaction.atomic():
            episode.save()
    except IntegrityError:
        episode.video.delete(save=False)
        raise
    if series.is_approved:
        # The new episode waits for staff with the Series' other pending changes.
        pending_changes(series, series.creator.user).save()
    return episode


@transaction.atomic
def update_episode(*, episode, title, is_free_preview):
    """Rename an episode or make it a free preview. The free-preview switch
    applies at once; a new title of an approved episode waits for review.
    Returns ``Edit.SENT_FOR_REVIEW`` for an approved episode, else ``Edit.SAVED``."""
    series = lock_series(episode.series)
    refuse_while_in_review(series)
    # A fresh copy: a bound form has already written the new title on ``episode``.
    episode = Episode.objects.get(pk=episode.pk)
    episode.is_free_preview = is_free_preview
    if episode.approved_at is None:
        episode.title = title
    else:
        pending = series.submissions.filter(status=Submission.Status.PENDING).first()
        proposed = pending.episode_titles.get(str(episode.pk)) if pending else None
        if title != (proposed or episode.title):
            submission = pending_changes(series, series.creator.user)
            if title == episode.title:
                submission.episode_titles.pop(str(episode.pk), None)
            else:
                submission.episode_titles[str(episode.pk)] = title
            submission.save()
    episode.save(update_fields=["title", "is_free_preview"])
    return Edit.SAVED if episode.approved_at is None else Edit.SENT_FOR_REVIEW


def renumber(episodes):
    """Number ``episodes`` 1, 2, 3… in the order given, in one UPDATE statement
    (the unique number is checked once it has run)."""
    for position, episode in enumerate(episodes, start=1):
        episode.position = position
    Episode.objects.bulk_update(episodes, ["position"])
    for series_id in {episode.series_id for episode in episodes}:
        touch_series(series_id)  # bulk writes send no signal (page_version)


@transaction.atomic
def reorder_episodes(*, series, episode_ids, submitted_by=None):
    """Put the Series' episodes in the order of ``episode_ids`` (which must list
    each of its episodes once).

    Before approval they are renumbered 1, 2, 3… at once. Once staff approved
    the Series, the order is proposed in the pending ``Submission`` and buyers
    keep the approved order until staff approve it; proposing the approved
    order again drops the proposal. Returns what became of the order (an ``Edit``)."""
    series = lock_series(series)
    refuse_while_in_review(series)
    episodes = list(series.episodes.order_by("position"))
    if sorted(episode_ids) != sorted(episode.pk for episode in episodes):
        raise SeriesRefused(_("The list of episodes changed; reload the page and try again."))
    if not series.is_approved:
        by_id = {episode.pk: episode for episode in episodes}
        renumber([by_id[episode_id] for episode_id in episode_ids])
        return Edit.SAVED
    pending = selectors.pending_submission(series)
    proposed = [episode.pk for episode in selectors.in_proposed_order(episodes, pending)]
    if episode_ids == proposed:
        return Edit.SENT_FOR_REVIEW
    submission = pending_changes(series, submitted_by or series.creator.user)
    approved_order = [episode.pk for episode in episodes]
    submission.episode_order = [] if episode_ids == approved_order else list(episode_ids)
    submission.save()
    return Edit.SENT_FOR_REVIEW


@transaction.atomic
def delete_episode(*, episode, submitted_by=None):
    """Delete an episode, or propose its removal. Returns True when it is
    deleted now, False when its removal waits for staff.

    An episode of a Series never approved, or one added since the last
    approval, is deleted at once with its file, closing the gap in the
    numbering. An approved episode of an approved Series stays on sale, to
    buyers too, and is marked for removal in the pending ``Submission``; staff's
    approval deletes it and its file. A published Series keeps at least one
    episode that is not marked for removal (it cannot be on sale empty)."""
    series = lock_series(episode.series)
    refuse_while_in_review(series)
    pending = selectors.pending_submission(series)
    marked = set(pending.episodes_to_remove) if pending else set()
    remaining = series.episodes.exclude(pk=episode.pk).exclude(pk__in=marked)
    if series.is_published and not remaining.exists():
        raise SeriesRefused(_("A published Series needs at least one episode; unpublish it first."))
    if series.is_approved and episode.approved_at:
        if episode.pk not in marked:
            submission = pending_changes(series, submitted_by or series.creator.user)
            submission.episodes_to_remove.append(episode.pk)
            submission.save()
        return False
    if pending:
        pending.episode_titles.pop(str(episode.pk), None)
        if episode.pk in pending.episode_order:
            pending.episode_order.remove(episode.pk)
        pending.save(update_fields=["episode_titles", "episode_order"])
    episode.delete()
    transaction.on_commit(lambda: episode.video.delete(save=False))
    renumber(list(series.episodes.order_by("position")))
    return True


@transaction.atomic
def keep_episode(*, episode):
    """Withdraw the proposed removal of an approved episode. Returns False when
    its removal was not proposed."""
    series = lock_series(episode.series)
    pending = selectors.pending_submission(series)
    if pending is None or episode.pk not in pending.episodes_to_remove:
        return False
    pending.episodes_to_remove.remove(episode.pk)
    pending.save(update_fields=["episodes_to_remove"])
    return True


def remove_episodes(series, episode_ids):
    """Delete the Series' episodes ``episode_ids``: they leave the public page
    and the watch pages, for buyers too, and their files go once committed."""
    removed = list(series.episodes.filter(pk__in=episode_ids))
    if not removed:
        return
    series.episodes.filter(pk__in=[episode.pk for episode in removed]).delete()

    def delete_files():
        for episode in removed:
            episode.video.delete(save=False)

    transaction.on_commit(delete_files)
