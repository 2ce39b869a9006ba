"""What every change to a Series shares: its row lock, the refusal while it
waits for review, and the pending changes of an approved Series."""

from enum import Enum

from django.utils import timezone
from django.utils.translation import gettext as _

from series.models import Series, Submission
from series.services.refusals import SeriesRefused


class Edit(Enum):
    """What became of a creator's change, for the page to say so."""

    #: Applied at once (the Series, or the episode, was never approved).
    SAVED = "saved"
    #: Waits in the pending submission; the approved version stays on sale.
    SENT_FOR_REVIEW = "sent_for_review"


def lock_series(series):
    """The Series row, locked until the transaction ends: episode numbers and
    status change one request at a time."""
    return Series.objects.select_for_update().get(pk=series.pk)


def refuse_while_in_review(series):
    if series.status == Series.Status.IN_REVIEW:
        raise SeriesRefused(
            _("This Series is waiting for review. Withdraw it from review to change it.")
        )


def pending_changes(series, submitted_by):
    """The Series' pending changes submission, made when the first change of an
    approved Series arrives; its submission time moves to the latest change."""
    submission = series.submissions.filter(status=Submission.Status.PENDING).first()
    if submission is None:
        submission = Submission(
            series=series,
            kind=Submission.Kind.CHANGES,
            title=series.title,
            description=series.description,
            submitted_by=submitted_by,
        )
    submission.submitted_at = timezone.now()
    return submission
