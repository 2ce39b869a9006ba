import pytest
from django.core import mail
from django.utils import translation

from creators.models import ProgrammeApplication
from creators.services import change_application_status
from tests.creators.factories import ApplicationFactory
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "expected"),
    [("id", "kini berstatus: Disetujui."), ("en", "is now: Approved.")],
)
def test_emails_are_written_in_the_recipients_language_not_the_senders(
    django_capture_on_commit_callbacks, language, expected
):
    application = ApplicationFactory(profile__user__language=language)
    other_language = "en" if language == "id" else "id"

    with translation.override(other_language), django_capture_on_commit_callbacks(execute=True):
        change_application_status(
            application=application,
            changed_by=StaffFactory(),
            status=ProgrammeApplication.Status.APPROVED,
        )

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [application.profile.user.email]
    assert expected in mail.outbox[0].body


def test_no_email_leaves_before_the_transaction_commits(django_capture_on_commit_callbacks):
    application = ApplicationFactory()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        change_application_status(
            application=application,
            changed_by=StaffFactory(),
            status=ProgrammeApplication.Status.APPROVED,
        )

    assert mail.outbox == []
    for callback in callbacks:  # the commit
        callback()
    assert [message.to for message in mail.outbox] == [[application.profile.user.email]]
