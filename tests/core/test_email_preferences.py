"""``email_user`` and ``email_users`` leave out the people who turned off an
email's category, never an email that cannot be turned off, and carry the
one-click unsubscribe link and headers on every optional email."""

import pytest
from django.core import mail

from core.email_kinds import KINDS, optional_categories
from core.email_preferences import set_turned_off_categories, unsubscribe_path
from core.emails import absolute_url, email_user, email_users
from core.models import EmailOptOut, User
from creators.models import ProgrammeApplication
from creators.services import change_application_status
from tests.core.stand_ins import stand_in_context
from tests.creators.factories import ApplicationFactory
from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

OPTIONAL = [kind for kind in KINDS if kind.optional]
MANDATORY = [kind for kind in KINDS if not kind.optional]


def by_prefix(kind):
    return kind.template_prefix


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    def send(users, kind):
        prefix = kind.template_prefix
        with django_capture_on_commit_callbacks(execute=True):
            email_users(users, prefix, stand_in_context(prefix))

    return send


@pytest.mark.parametrize("kind", OPTIONAL, ids=by_prefix)
def test_an_optional_email_is_not_sent_to_someone_who_turned_its_category_off(send, kind):
    user = UserFactory()
    set_turned_off_categories(user=user, categories=[kind.category.key])

    send([user], kind)

    assert mail.outbox == []


@pytest.mark.parametrize("kind", OPTIONAL, ids=by_prefix)
def test_an_optional_email_is_sent_with_its_one_click_link_while_its_category_is_on(send, kind):
    user = UserFactory()
    others = [category.key for category in optional_categories() if category != kind.category]
    set_turned_off_categories(user=user, categories=others)

    send([user], kind)

    (message,) = mail.outbox
    link = absolute_url(unsubscribe_path(user.pk, kind.category.key))
    assert message.to == [user.email]
    assert f"Stop these emails: {link}" in message.body
    assert str(kind.category.label) in message.body
    assert message.extra_headers["List-Unsubscribe"] == f"<{link}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.message()["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


@pytest.mark.parametrize("kind", MANDATORY, ids=by_prefix)
def test_an_email_that_cannot_be_turned_off_reaches_someone_who_turned_everything_off(send, kind):
    user = UserFactory()
    set_turned_off_categories(user=user, categories=[c.key for c in optional_categories()])
    EmailOptOut.objects.create(user=user, category=kind.category.key)  # even a stray row

    send([user], kind)

    (message,) = mail.outbox
    assert "List-Unsubscribe" not in message.extra_headers
    assert "Stop these emails" not in message.body


def test_email_users_leaves_out_only_those_who_turned_the_category_off(send):
    kind = next(kind for kind in KINDS if kind.template_prefix == "series/emails/new_episodes")
    wants, does_not = UserFactory(), UserFactory()
    set_turned_off_categories(user=does_not, categories=["new_episodes"])

    send([wants, does_not], kind)

    assert [message.to for message in mail.outbox] == [[wants.email]]


@pytest.mark.parametrize("count", [2, 20])
def test_email_users_reads_everyones_choices_in_one_query(
    django_capture_on_commit_callbacks, django_assert_num_queries, count
):
    users = UserFactory.create_batch(count)
    for user in users[::2]:
        set_turned_off_categories(user=user, categories=["campaigns"])
    prefix = "collaborations/emails/message"

    # One query for the members, one for their choices, however many they are.
    with django_assert_num_queries(2), django_capture_on_commit_callbacks(execute=True):
        email_users(
            User.objects.filter(pk__in=[user.pk for user in users]).only(
                "email", "language", "full_name"
            ),
            prefix,
            stand_in_context(prefix),
        )

    assert len(mail.outbox) == count // 2


def test_the_choice_is_read_when_the_transaction_commits(django_capture_on_commit_callbacks):
    user = UserFactory()
    prefix = "series/emails/new_episodes"

    with django_capture_on_commit_callbacks(execute=True):
        email_user(user, prefix, stand_in_context(prefix))
        set_turned_off_categories(user=user, categories=["new_episodes"])

    assert mail.outbox == []


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("id", "Tonton di sini: https://x.test/s/"),
        ("en", "You get this email because “New episodes and creators you follow”"),
    ],
)
def test_the_email_and_its_footer_are_in_the_readers_language(
    django_capture_on_commit_callbacks, language, expected
):
    user = UserFactory(language=language)
    prefix = "series/emails/new_episodes"

    with django_capture_on_commit_callbacks(execute=True):
        email_user(user, prefix, {**stand_in_context(prefix), "series_url": "https://x.test/s/"})

    (message,) = mail.outbox
    assert expected in message.body
    assert absolute_url(unsubscribe_path(user.pk, "new_episodes")) in message.body
    assert "/accounts/emails/" in message.body


@pytest.mark.parametrize(("turned_off", "sent"), [([], 1), (["reviews"], 0)])
def test_a_services_email_follows_the_choice(django_capture_on_commit_callbacks, turned_off, sent):
    application = ApplicationFactory()
    set_turned_off_categories(user=application.profile.user, categories=turned_off)

    with django_capture_on_commit_callbacks(execute=True):
        change_application_status(
            application=application,
            changed_by=StaffFactory(),
            status=ProgrammeApplication.Status.APPROVED,
        )

    assert len(mail.outbox) == sent
