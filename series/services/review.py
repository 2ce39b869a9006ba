"""Staff review of submissions: a first publication or changes to an approved Series."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.jobs import enqueue
from series import selectors
from series.models import STAFF, Episode, Series, Submission
from series.services.catalogue import record_move
from series.services.editing import lock_series
from series.services.episodes import remove_episodes, renumber
from series.services.notifications import email_submission_decision
from series.services.page_version import touch_series
from series.services.refusals import NotAllowed, SeriesRefused
from series.signals import episodes_published


@transaction.atomic
def decide_submission(*, submission, staff, approve, reason=""):
    """Staff approve or reject a pending submission, and the creator is emailed
    (in their language) either way. Approving a first publication puts the
    Series on sale with all its episodes; approving changes applies the proposed
    title, description, cover and episode titles, deletes the episodes proposed
    for removal (and their files), applies the proposed order and approves the
    new episodes. Rejecting needs a reason, changes nothing public and drops
    the proposed removals and order with the submission."""
    if not staff.is_staff:
        raise NotAllowed(_("Only staff review Series."))
    series = lock_series(submission.series)
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if not submission.is_pending:
        raise SeriesRefused(_("This submission has already been decided."))
    reason = reason.strip()
    if not approve and not reason:
        raise SeriesRefused(
            _("Say why it is rejected: the creator reads the reason."), field="reason"
        )
    now = timezone.now()
    submission.status = Submission.Status.APPROVED if approve else Submission.Status.REJECTED
    submission.reason, submission.decided_by, submission.decided_at = reason, staff, now
    submission.save(update_fields=["status", "reason", "decided_by", "decided_at"])
    if submission.kind == Submission.Kind.PUBLICATION:
        if not series.can_become(Series.Status.PUBLISHED, STAFF):
            raise SeriesRefused(_("This Series is not waiting for review."))
        if approve:
            series.published_at = series.published_at or now
            series.approved_at = series.approved_at or now
            _approve_new_episodes(series, now)
        record_move(series, Series.Status.PUBLISHED if approve else Series.Status.REJECTED, staff)
    elif approve:
        _apply_changes(series, submission, now)
    email_submission_decision(submission, series)
    return submission


def _apply_changes(series, submission, now):
    series.title, series.description = submission.title, submission.description
    if submission.cover:
        series.cover = submission.cover
    series.save(update_fields=["title", "description", "cover", "updated_at"])
    episodes = list(series.episodes.filter(pk__in=[int(pk) for pk in submission.episode_titles]))
    for episode in episodes:
        episode.title = submission.episode_titles[str(episode.pk)]
    Episode.objects.bulk_update(episodes, ["title"])
    touch_series(series.pk)  # bulk writes send no signal (page_version)
    remove_episodes(series, submission.episodes_to_remove)
    renumber(selectors.in_proposed_order(series.episodes.order_by("position"), submission))
    new_episodes = _approve_new_episodes(series, now)
    if new_episodes:
        enqueue(
            "series.tasks.notify_buyers_of_new_episodes",
            series_id=series.pk,
            episode_ids=new_episodes,
        )


def _approve_new_episodes(series, now):
    """Approve the Series' episodes waiting for staff and tell the apps that
    listen (``signals.episodes_published``); returns their ids."""
    new_episodes = list(series.episodes.filter(approved_at=None).values_list("pk", flat=True))
    series.episodes.filter(pk__in=new_episodes).update(approved_at=now)
    touch_series(series.pk)
    if new_episodes:
        episodes_published.send(sender=Series, series_id=series.pk, episode_ids=new_episodes)
    return new_episodes
