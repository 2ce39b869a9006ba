"""Removing and reordering the episodes of a Series that staff approved: the
change waits in the pending submission while buyers keep the approved episodes
in the approved order; staff's approval applies it, a rejection drops it.
Drafts change at once."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from series.models import Episode, Submission
from series.services.discounts import create_discount
from series.services.episodes import add_episode, delete_episode, reorder_episodes
from series.services.refusals import SeriesRefused
from series.services.review import decide_submission
from tests.series.factories import (
    VIDEO_31_SECONDS,
    EpisodeFactory,
    PublishedSeriesFactory,
    PurchaseFactory,
    SeriesFactory,
    upload,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def published():
    """A Series on sale with three approved episodes: Opening, Middle, Ending."""
    series = PublishedSeriesFactory()
    for title in ["Opening", "Middle", "Ending"]:
        EpisodeFactory(series=series, title=title)
    return series


@pytest.fixture
def owner(client, published):
    client.force_login(published.creator.user)
    return client


def episode(series, title):
    return series.episodes.get(title=title)


def titles_in_order(series):
    return list(series.episodes.order_by("position").values_list("title", flat=True))


def public_titles(series, client=None):
    """The episode titles in the order the public page lists them."""
    text = (client or Client()).get(series.get_absolute_url()).text
    found = [(text.find(title), title) for title in ["Opening", "Middle", "Ending"]]
    return [title for at, title in sorted(found) if at >= 0]


def reorder(client, series, numbers):
    """Post the order form with ``numbers`` ({title: number})."""
    return client.post(
        reverse("series:reorder", args=[series.pk]),
        {f"position-{episode(series, title).pk}": number for title, number in numbers.items()},
    )


def remove(client, series, title):
    target = episode(series, title)
    return client.post(reverse("series:delete_episode", args=[series.pk, target.pk]))


def pending(series):
    return Submission.objects.get(series=series, status=Submission.Status.PENDING)


# --- Waiting for review -----------------------------------------------------


def test_removing_an_approved_episode_waits_for_review(owner, published):
    middle = episode(published, "Middle")

    response = remove(owner, published, "Middle")

    assert response.url == reverse("series:manage", args=[published.pk])
    assert Episode.objects.filter(pk=middle.pk).exists()
    assert middle.video.storage.exists(middle.video.name)
    submission = pending(published)
    assert (submission.kind, submission.episodes_to_remove) == ("changes", [middle.pk])
    assert public_titles(published) == ["Opening", "Middle", "Ending"]
    shown = owner.get(reverse("series:manage", args=[published.pk]))
    assert "The removal is sent to staff for review." in shown.text


def test_reordering_a_published_series_waits_for_review(owner, published):
    reorder(owner, published, {"Opening": 3, "Middle": 1, "Ending": 2})

    assert titles_in_order(published) == ["Opening", "Middle", "Ending"]
    assert pending(published).episode_order == [
        episode(published, title).pk for title in ["Middle", "Ending", "Opening"]
    ]
    assert public_titles(published) == ["Opening", "Middle", "Ending"]


def test_a_buyer_keeps_the_approved_episodes_and_order_meanwhile(client, owner, published):
    buyer = PurchaseFactory(series=published).buyer
    middle = episode(published, "Middle")
    remove(owner, published, "Middle")
    reorder(owner, published, {"Opening": 3, "Middle": 2, "Ending": 1})
    client.force_login(buyer)

    watch = client.get(reverse("series:watch", args=[published.pk, middle.pk]))
    video = client.get(reverse("series:episode_file", args=[published.pk, middle.pk]))

    assert public_titles(published, client) == ["Opening", "Middle", "Ending"]
    assert watch.status_code == video.status_code == 200


def test_the_manage_page_shows_the_pending_removal_and_order(owner, published):
    middle = episode(published, "Middle")
    remove(owner, published, "Middle")
    reorder(owner, published, {"Opening": 3, "Middle": 2, "Ending": 1})

    response = owner.get(reverse("series:manage", args=[published.pk]))

    text = response.text
    assert "The order below waits for staff review." in text
    assert "Removal waiting for review" in text
    assert f'form="keep-episode-{middle.pk}"' in text
    assert text.index("Ending") < text.index("Middle") < text.index("Opening")


def test_the_removal_confirmation_says_buyers_lose_the_episode_once_approved(owner, published):
    middle = episode(published, "Middle")

    response = owner.get(reverse("series:delete_episode", args=[published.pk, middle.pk]))

    assert "Remove episode" in response.text
    assert "buyers can still watch it" in response.text
    assert "for people who already bought the Series too" in response.text
    assert "its video file is deleted" in response.text


def test_keeping_an_episode_withdraws_its_proposed_removal(owner, published):
    middle = episode(published, "Middle")
    remove(owner, published, "Middle")

    response = owner.post(reverse("series:keep_episode", args=[published.pk, middle.pk]))

    assert response.url == reverse("series:manage", args=[published.pk])
    assert pending(published).episodes_to_remove == []
    page = owner.get(reverse("series:manage", args=[published.pk]))
    assert "Removal waiting for review" not in page.text


def test_putting_back_the_approved_order_drops_the_proposed_order(owner, published):
    reorder(owner, published, {"Opening": 3, "Middle": 2, "Ending": 1})

    reorder(owner, published, {"Opening": 1, "Middle": 2, "Ending": 3})

    assert pending(published).episode_order == []


def test_a_new_episode_not_yet_approved_is_deleted_at_once(published):
    waiting = add_episode(
        series=published, title="Waiting", video=upload(VIDEO_31_SECONDS.read_bytes())
    )
    reorder_episodes(
        series=published,
        episode_ids=[
            waiting.pk,
            *published.episodes.exclude(pk=waiting.pk).values_list("pk", flat=True),
        ],
    )

    deleted = delete_episode(episode=waiting)

    assert deleted is True
    assert not Episode.objects.filter(pk=waiting.pk).exists()
    assert waiting.pk not in pending(published).episode_order
    assert titles_in_order(published) == ["Opening", "Middle", "Ending"]


def test_a_published_series_keeps_one_episode_not_marked_for_removal(published):
    delete_episode(episode=episode(published, "Opening"))
    delete_episode(episode=episode(published, "Middle"))

    with pytest.raises(SeriesRefused, match="needs at least one episode"):
        delete_episode(episode=episode(published, "Ending"))

    assert len(pending(published).episodes_to_remove) == 2


# --- Staff decide ------------------------------------------------------------


def test_approval_removes_the_episode_and_its_file_and_applies_the_order(
    owner, published, staff, django_capture_on_commit_callbacks
):
    buyer = PurchaseFactory(series=published).buyer
    middle = episode(published, "Middle")
    remove(owner, published, "Middle")
    reorder(owner, published, {"Opening": 3, "Middle": 1, "Ending": 2})

    with django_capture_on_commit_callbacks(execute=True):
        decide_submission(submission=pending(published), staff=staff, approve=True)

    assert titles_in_order(published) == ["Ending", "Opening"]
    assert list(published.episodes.order_by("position").values_list("position", flat=True)) == [
        1,
        2,
    ]
    assert not middle.video.storage.exists(middle.video.name)
    buyer_client = Client()
    buyer_client.force_login(buyer)
    assert public_titles(published, buyer_client) == ["Ending", "Opening"]
    gone = buyer_client.get(reverse("series:watch", args=[published.pk, middle.pk]))
    assert gone.status_code == 404


def test_an_episode_added_after_the_proposed_order_comes_last(owner, published, staff):
    reorder(owner, published, {"Opening": 3, "Middle": 2, "Ending": 1})
    add_episode(series=published, title="Bonus", video=upload(VIDEO_31_SECONDS.read_bytes()))

    decide_submission(submission=pending(published), staff=staff, approve=True)

    assert titles_in_order(published) == ["Ending", "Middle", "Opening", "Bonus"]


def test_rejection_discards_the_proposed_removal_and_order(owner, published, staff):
    remove(owner, published, "Middle")
    reorder(owner, published, {"Opening": 3, "Middle": 2, "Ending": 1})

    decide_submission(
        submission=pending(published), staff=staff, approve=False, reason="Keep the middle."
    )

    assert titles_in_order(published) == ["Opening", "Middle", "Ending"]
    assert public_titles(published) == ["Opening", "Middle", "Ending"]
    page = owner.get(reverse("series:manage", args=[published.pk]))
    assert "Removal waiting for review" not in page.text
    assert "The order below waits for staff review." not in page.text
    assert "Keep the middle." in page.text


def test_staff_see_the_proposed_removal_order_and_discounts_in_the_admin(
    client, owner, published, staff
):
    remove(owner, published, "Middle")
    reorder(owner, published, {"Opening": 3, "Middle": 2, "Ending": 1})
    now = timezone.now()
    create_discount(series=published, percent=20, starts_at=now, ends_at=now + timedelta(days=3))
    client.force_login(staff)

    response = client.get(reverse("admin:series_submission_change", args=[pending(published).pk]))

    text = response.text
    assert "Middle (to be removed: deleted with its file, for buyers too)" in text
    assert "Proposed episode order" in text
    assert text.index("Ending (now number 3)") < text.index("Opening (now number 1)")
    assert "Rp 40.000" in text or "Rp 40,000" in text


# --- Drafts ------------------------------------------------------------------


def test_a_draft_is_reordered_and_loses_episodes_at_once(client):
    series = SeriesFactory()
    for title in ["Opening", "Middle", "Ending"]:
        EpisodeFactory(series=series, title=title)
    client.force_login(series.creator.user)

    reorder(client, series, {"Opening": 3, "Middle": 1, "Ending": 2})
    remove(client, series, "Ending")

    assert titles_in_order(series) == ["Middle", "Opening"]
    assert not Submission.objects.exists()


# --- Access --------------------------------------------------------------------


def test_another_creator_cannot_keep_an_episode(client, published):
    middle = episode(published, "Middle")
    delete_episode(episode=middle)
    client.force_login(EpisodeFactory().series.creator.user)

    response = client.post(reverse("series:keep_episode", args=[published.pk, middle.pk]))

    assert response.status_code == 404
    assert pending(published).episodes_to_remove == [middle.pk]


def test_keeping_an_episode_rejects_get(owner, published):
    middle = episode(published, "Middle")

    response = owner.get(reverse("series:keep_episode", args=[published.pk, middle.pk]))

    assert response.status_code == 405


@pytest.mark.parametrize("count", [3, 10])
def test_the_manage_page_query_count_does_not_grow_with_pending_changes(
    owner, published, django_assert_num_queries, count
):
    for number in range(count - 3):
        EpisodeFactory(series=published, title=f"Extra {number}")
    remove(owner, published, "Middle")
    ids = list(published.episodes.order_by("position").values_list("pk", flat=True))
    reorder_episodes(series=published, episode_ids=ids[::-1])

    # session, user, Series with creator, episodes, latest review submission, discounts
    with django_assert_num_queries(6):
        response = owner.get(reverse("series:manage", args=[published.pk]))

    assert response.text.count('class="form-control episode-position"') == count
