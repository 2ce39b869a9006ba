"""Who may watch what: paid files only for buyers and the owner, previews for
anyone, hidden Series for nobody else, and no public URL for paid files."""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from series.services.catalogue import change_status
from series.services.sales import refund_purchase
from tests.factories import StaffFactory, UserFactory
from tests.series.factories import VIDEO_31_SECONDS, EpisodeFactory, PurchaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid_episode():
    return EpisodeFactory(title="The secret spice")


def file_url(episode):
    return reverse("series:episode_file", args=[episode.series_id, episode.pk])


def watch_url(episode):
    return reverse("series:watch", args=[episode.series_id, episode.pk])


def test_a_buyer_gets_the_paid_file(client, paid_episode):
    purchase = PurchaseFactory(series=paid_episode.series)
    client.force_login(purchase.buyer)

    response = client.get(file_url(paid_episode))

    assert response.status_code == 200
    assert response["Content-Type"] == "video/mp4"
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == VIDEO_31_SECONDS.read_bytes()


def test_the_owner_gets_the_paid_file(client, paid_episode):
    client.force_login(paid_episode.series.creator.user)

    assert client.get(file_url(paid_episode)).status_code == 200


@pytest.mark.parametrize("who", ["anonymous", "stranger", "staff"])
def test_others_do_not_get_the_paid_file(client, paid_episode, who):
    if who == "stranger":
        client.force_login(UserFactory())
    elif who == "staff":
        client.force_login(StaffFactory())

    assert client.get(file_url(paid_episode)).status_code == 404


def test_a_stranger_sees_the_paid_episode_page_locked(client, paid_episode):
    client.force_login(UserFactory())

    response = client.get(watch_url(paid_episode))

    assert response.status_code == 403
    assert "For buyers only" in response.text
    assert file_url(paid_episode) not in response.text


def test_a_free_preview_plays_for_anyone(client):
    preview = EpisodeFactory(is_free_preview=True)

    page = client.get(watch_url(preview))
    video = client.get(file_url(preview))

    assert page.status_code == 200
    assert f'src="{file_url(preview)}"' in page.text
    assert video.status_code == 200


def test_a_refunded_buyer_loses_access(client, paid_episode):
    purchase = PurchaseFactory(series=paid_episode.series)
    refund_purchase(purchase=purchase, staff=StaffFactory())
    client.force_login(purchase.buyer)

    assert client.get(file_url(paid_episode)).status_code == 404
    assert client.get(watch_url(paid_episode)).status_code == 403


def test_buyers_keep_watching_an_unpublished_series_that_strangers_no_longer_see(
    client, paid_episode
):
    series = paid_episode.series
    purchase = PurchaseFactory(series=series)
    change_status(series=series, to_status="unpublished", changed_by=series.creator.user)

    client.force_login(UserFactory())
    assert client.get(series.get_absolute_url()).status_code == 404
    assert client.get(file_url(paid_episode)).status_code == 404
    client.force_login(purchase.buyer)
    assert client.get(series.get_absolute_url()).status_code == 200
    assert client.get(file_url(paid_episode)).status_code == 200


def test_a_draft_is_hidden_from_everyone_but_its_creator(client):
    draft = EpisodeFactory(series__status="draft", series__published_at=None, is_free_preview=True)

    assert client.get(draft.series.get_absolute_url()).status_code == 404
    assert client.get(file_url(draft)).status_code == 404
    client.force_login(draft.series.creator.user)
    assert client.get(draft.series.get_absolute_url()).status_code == 200


def test_an_episode_of_another_series_is_not_found(client, paid_episode):
    other = PurchaseFactory()
    client.force_login(other.buyer)

    url = reverse("series:episode_file", args=[other.series_id, paid_episode.pk])

    assert client.get(url).status_code == 404


def test_paid_files_live_outside_media_root(paid_episode):
    stored = Path(paid_episode.video.path).resolve()

    assert stored.is_relative_to(Path(settings.SERIES_PRIVATE_ROOT).resolve())
    assert not stored.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    with pytest.raises(ValueError):
        paid_episode.video.url  # noqa: B018 - no public URL exists


def test_nginx_is_told_to_send_the_file(client, paid_episode, settings):
    settings.SERIES_FILE_SERVING = "x-accel"
    client.force_login(paid_episode.series.creator.user)

    response = client.get(file_url(paid_episode))

    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/protected/{paid_episode.video.name}"
    assert response.content == b""


def test_apache_is_told_to_send_the_file(client, paid_episode, settings):
    settings.SERIES_FILE_SERVING = "x-sendfile"
    client.force_login(paid_episode.series.creator.user)

    response = client.get(file_url(paid_episode))

    assert response["X-Sendfile"] == paid_episode.video.path
    assert response.content == b""


def test_a_stranger_gets_no_header_pointing_at_the_file(client, paid_episode, settings):
    settings.SERIES_FILE_SERVING = "x-accel"
    client.force_login(UserFactory())

    response = client.get(file_url(paid_episode))

    assert response.status_code == 404
    assert "X-Accel-Redirect" not in response


def test_the_file_view_rejects_post(client, paid_episode):
    client.force_login(paid_episode.series.creator.user)

    assert client.post(file_url(paid_episode)).status_code == 405


@pytest.mark.parametrize(
    ("header", "start", "end"),
    [("bytes=0-99", 0, 99), ("bytes=100-", 100, None), ("bytes=-50", -50, None)],
)
def test_a_player_can_ask_for_part_of_the_file(client, paid_episode, header, start, end):
    data = VIDEO_31_SECONDS.read_bytes()
    expected = data[start : None if end is None else end + 1]
    client.force_login(paid_episode.series.creator.user)

    response = client.get(file_url(paid_episode), headers={"Range": header})

    assert response.status_code == 206
    assert b"".join(response.streaming_content) == expected
    first = len(data) + start if start < 0 else start
    assert response["Content-Range"] == f"bytes {first}-{first + len(expected) - 1}/{len(data)}"


def test_a_range_past_the_end_is_refused(client, paid_episode):
    client.force_login(paid_episode.series.creator.user)

    response = client.get(file_url(paid_episode), headers={"Range": "bytes=999999-"})

    assert response.status_code == 416


def test_a_range_request_from_a_stranger_gets_nothing(client, paid_episode):
    client.force_login(UserFactory())

    response = client.get(file_url(paid_episode), headers={"Range": "bytes=0-99"})

    assert response.status_code == 404
