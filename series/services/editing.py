"""What every change to a Series shares: its row lock, the refusal while it
waits for review, and the pending changes of an approved Series."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from series.models import Series, Submission


def lock_series(series):
    """The Series row, locked until the transaction ends: episode numbers and
    status change one request at a time."""
    return Series.objects.select_for_update().get(pk=series.pk)


def refuse_while_in_review(series):
    if series.status == Series.Status.IN_REVIEW:
        raise ValidationError(
            _("This Series is waiting for review. Withdraw it from review to change it."),
            code="in_review",
        )


def pending_changes(series, actor):
    """The Series' pending changes submission, made when the first change of an
    approved Series arrives; its submission time moves to the latest change."""
    submission = series.submissions.filter(status=Submission.Status.PENDING).first()
    if submission is None:
        submission = Submission(
            series=series,
            kind=Submission.Kind.CHANGES,
            title=series.title,
            description=series.description,
            submitted_by=actor,
        )
    submission.submitted_at = timezone.now()
    return submission
