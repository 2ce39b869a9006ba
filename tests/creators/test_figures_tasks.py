"""The tasks that read verified figures: one creator, the hourly slice of the
daily refresh, and the read right after linking."""

import pytest
from celery.signals import before_task_publish

from creators import tasks
from creators.models import FigureSnapshot
from creators.verification import CREATORS_PER_MINUTE, SLICES, Outcome
from portal.celery import app as celery_app
from tests.creators.factories import EligibleCreatorFactory
from tests.tiktok.factories import LinkedAccountFactory
from tiktok import signals
from tiktok.models import LinkedAccount

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(not_eager):
    """(task name, kwargs, countdown in seconds or None) of each task sent."""
    sent = []

    def record(sender, body, headers, **kwargs):
        sent.append((sender, body[1], headers.get("eta")))

    before_task_publish.connect(record)
    yield sent
    before_task_publish.disconnect(record)
    celery_app.control.purge()


def linked_creator(status=LinkedAccount.Status.ACTIVE):
    profile = EligibleCreatorFactory()
    LinkedAccountFactory(user=profile.user, status=status)
    return profile


def test_the_task_reads_one_creators_figures():
    profile = linked_creator()

    assert tasks.sync_creator_figures.delay(profile.pk).get() == Outcome.VERIFIED
    assert FigureSnapshot.objects.filter(profile=profile, source=FigureSnapshot.Source.API).exists()


def test_the_task_does_nothing_for_a_deleted_profile():
    assert tasks.sync_creator_figures.delay(999_999).get() is None


def test_each_hour_queues_the_linked_creators_of_its_slice_spaced_out(
    published, django_capture_on_commit_callbacks
):
    creators = [linked_creator() for _ in range(30)]
    linked_creator(status=LinkedAccount.Status.BROKEN)
    EligibleCreatorFactory()  # not linked
    hour = creators[0].pk % SLICES
    in_slice = sorted(p.pk for p in creators if p.pk % SLICES == hour)

    with django_capture_on_commit_callbacks(execute=True):
        queued = tasks.sync_figures_slice.apply(kwargs={"hour": hour}).get()

    assert queued == len(in_slice)
    assert [kwargs["profile_id"] for _name, kwargs, _eta in published] == in_slice
    assert {name for name, _kwargs, _eta in published} == {"creators.tasks.sync_creator_figures"}
    etas = [eta for _name, _kwargs, eta in published]
    assert etas[0] is None  # the first at once, the others later and later
    assert None not in etas[1:]
    assert etas[1:] == sorted(set(etas[1:]))


def test_every_linked_creator_falls_in_exactly_one_slice_a_day(
    published, django_capture_on_commit_callbacks
):
    creators = [linked_creator() for _ in range(30)]

    with django_capture_on_commit_callbacks(execute=True):
        total = sum(tasks.sync_figures_slice.apply(kwargs={"hour": h}).get() for h in range(SLICES))

    assert total == len(creators)
    assert sorted(kwargs["profile_id"] for _n, kwargs, _e in published) == sorted(
        p.pk for p in creators
    )


def test_a_slice_stays_under_tiktoks_rate_limit():
    # One user-info request per creator; TikTok allows 600 a minute per endpoint.
    assert CREATORS_PER_MINUTE <= 600 / 2


def test_linking_an_account_reads_its_figures_at_once(
    published, django_capture_on_commit_callbacks
):
    profile = EligibleCreatorFactory()
    account = LinkedAccountFactory(user=profile.user)

    with django_capture_on_commit_callbacks(execute=True):
        signals.account_linked.send(
            sender=LinkedAccount, account_id=account.pk, user_id=profile.user_id
        )

    assert published == [("creators.tasks.sync_creator_figures", {"profile_id": profile.pk}, None)]
