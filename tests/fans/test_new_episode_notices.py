"""When staff approve new episodes, the creator's followers who do not own the
Series are emailed once, in their language, and see them on their home."""

import pytest
from django.core import mail
from django.urls import reverse

from fans.services import notify_followers_of_new_episodes
from series.models import Submission
from series.services.review import decide_submission
from tests.factories import StaffFactory
from tests.fans.factories import FanFactory, FollowFactory
from tests.series.factories import EpisodeFactory, PurchaseFactory, SeriesFactory
from tests.series.test_new_episode_emails import approve_new_episode

pytestmark = pytest.mark.django_db


def emails_to(user):
    return [message for message in mail.outbox if message.to == [user.email]]


@pytest.fixture
def series():
    return EpisodeFactory(
        series__title="Batik basics", series__creator__display_name="Bu Sari"
    ).series


def test_a_follower_who_does_not_own_the_series_is_emailed_in_english(
    series, django_capture_on_commit_callbacks
):
    follower = FollowFactory(creator=series.creator, fan__language="en").fan

    approve_new_episode(series, "Natural dyes", django_capture_on_commit_callbacks)

    [email] = emails_to(follower)
    assert email.subject == "New from Bu Sari: “Batik basics”"
    assert "2. Natural dyes" in email.body
    assert "Watch it here: http" in email.body
    assert reverse("fans:following") in email.body


def test_a_follower_is_emailed_in_indonesian(series, django_capture_on_commit_callbacks):
    follower = FollowFactory(creator=series.creator, fan__language="id").fan

    approve_new_episode(series, "Pewarna alami", django_capture_on_commit_callbacks)

    [email] = emails_to(follower)
    assert "Tonton di sini: http" in email.body
    assert "Watch it here" not in email.body


def test_a_follower_who_owns_the_series_gets_only_the_buyers_email(
    series, django_capture_on_commit_callbacks
):
    owner = PurchaseFactory(series=series).buyer
    FollowFactory(creator=series.creator, fan=owner)

    approve_new_episode(series, "Natural dyes", django_capture_on_commit_callbacks)

    assert [email.subject for email in emails_to(owner)] == ["New in “Batik basics”"]


def test_people_who_do_not_follow_are_not_emailed(series, django_capture_on_commit_callbacks):
    stranger = FanFactory()
    FollowFactory(fan=stranger)  # follows someone else

    approve_new_episode(series, "Natural dyes", django_capture_on_commit_callbacks)

    assert emails_to(stranger) == []


def test_a_new_series_tells_followers_too(django_capture_on_commit_callbacks):
    series = SeriesFactory(status="in_review", title="Kopi")
    EpisodeFactory(series=series, approved_at=None)
    follower = FollowFactory(creator=series.creator).fan
    Submission.objects.create(
        series=series,
        kind=Submission.Kind.PUBLICATION,
        submitted_by=series.creator.user,
        submitted_at=series.created_at,
    )

    with django_capture_on_commit_callbacks(execute=True):
        decide_submission(
            submission=Submission.objects.get(status="pending"), staff=StaffFactory(), approve=True
        )

    assert len(emails_to(follower)) == 1


def test_followers_are_emailed_once_even_when_the_task_runs_twice(
    series, django_capture_on_commit_callbacks
):
    follower = FollowFactory(creator=series.creator).fan
    approve_new_episode(series, "Once", django_capture_on_commit_callbacks)
    episode = series.episodes.get(title="Once")

    with django_capture_on_commit_callbacks(execute=True):
        again = notify_followers_of_new_episodes(series_id=series.pk, episode_ids=[episode.pk])

    assert again == 0
    assert len(emails_to(follower)) == 1


def test_the_new_episode_shows_on_the_followers_home(
    client, series, django_capture_on_commit_callbacks
):
    follower = FollowFactory(creator=series.creator).fan
    approve_new_episode(series, "Natural dyes", django_capture_on_commit_callbacks)
    client.force_login(follower)

    home = client.get(reverse("fans:home")).text

    assert "Natural dyes" in home
    # Not theirs yet: the link leads to the Series page, where they can buy it.
    assert f'href="{reverse("series:detail", args=[series.pk])}"' in home


def test_an_owner_following_the_creator_goes_straight_to_the_new_episode(
    client, series, django_capture_on_commit_callbacks
):
    owner = PurchaseFactory(series=series).buyer
    FollowFactory(creator=series.creator, fan=owner)
    approve_new_episode(series, "Natural dyes", django_capture_on_commit_callbacks)
    client.force_login(owner)

    home = client.get(reverse("fans:home")).text

    episode = series.episodes.get(title="Natural dyes")
    assert reverse("series:watch", args=[series.pk, episode.pk]) in home
