"""The posted video: picked from the creator's own recent TikTok videos, or
pasted as a link checked with TikTok, once the draft is approved."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from collaborations import services
from collaborations.models import Collaboration
from collaborations.services.posting import submit_posted_video, video_id_from_link
from tests.brands.factories import BusinessMembershipFactory
from tests.collaborations.factories import CollaborationFactory
from tests.creators.factories import CreatorProfileFactory
from tests.factories import DEFAULT_PASSWORD
from tests.fakes.tiktok import VIDEO_LIST, VIDEO_QUERY, fake_video
from tests.tiktok.factories import LinkedAccountFactory
from tiktok.models import LinkedAccount
from tiktok.sandbox import sandbox_open_id, videos_for

pytestmark = pytest.mark.django_db
Status = Collaboration.Status


def login(client, user):
    assert client.login(email=user.email, password=DEFAULT_PASSWORD)
    return client


@pytest.fixture
def approved():
    """A collaboration whose draft the business approved; its creator linked
    a sandbox TikTok account."""
    collaboration = CollaborationFactory(status=Status.DRAFT_APPROVED)
    collaboration.account = LinkedAccountFactory(user=collaboration.creator.user)
    collaboration.member = collaboration.campaign.member
    return collaboration


def url(collaboration):
    return reverse("collaborations:post_video", args=[collaboration.pk])


def test_the_creator_sees_their_recent_videos_newest_first(client, approved):
    login(client, approved.creator.user)

    response = client.get(url(approved))

    assert response.status_code == 200
    videos = videos_for(approved.account.open_id)[:20]
    shown = [response.text.index(f'value="{video.id}"') for video in videos[:3]]
    assert shown == sorted(shown)
    assert videos[0].title in response.text


def test_picking_a_video_submits_it_with_what_tiktok_says_of_it(
    client, approved, mailoutbox, django_capture_on_commit_callbacks
):
    login(client, approved.creator.user)
    video = videos_for(approved.account.open_id)[2]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(approved), {"video_id": video.id, "content_note": "Tayang!"})

    assert response.status_code == 302
    approved.refresh_from_db()
    assert approved.status == Status.SUBMITTED
    assert (approved.tiktok_video_id, approved.content_url, approved.posted_at) == (
        video.id,
        video.share_url,
        video.created_at,
    )
    assert (approved.video_title, approved.content_note) == (video.title, "Tayang!")
    assert approved.first_submitted_at is not None
    change = approved.history.last()
    assert (change.to_status, change.changed_by) == (Status.SUBMITTED, approved.creator.user)
    assert mailoutbox[-1].to == [approved.member.email]


def test_pasting_the_link_of_an_own_video_submits_it(approved):
    video = videos_for(approved.account.open_id)[0]
    link = f"https://www.tiktok.com/@{approved.account.username}/video/{video.id}?lang=id"

    moved = submit_posted_video(collaboration=approved, user=approved.creator.user, link=link)

    assert (moved.status, moved.tiktok_video_id) == (Status.SUBMITTED, video.id)


def test_a_video_of_someone_else_is_refused_and_nothing_changes(client, approved):
    someone_else = videos_for(sandbox_open_id("someone-else"))[0]
    login(client, approved.creator.user)

    for data in (
        {"video_id": someone_else.id},
        {"link": f"https://www.tiktok.com/@someone/video/{someone_else.id}"},
    ):
        response = client.post(url(approved), data)

        assert response.status_code == 400
        assert "TikTok does not show this video on your linked account" in response.text
    approved.refresh_from_db()
    assert (approved.status, approved.content_url, approved.tiktok_video_id) == (
        Status.DRAFT_APPROVED,
        "",
        "",
    )


@pytest.mark.parametrize(
    "link",
    [
        "https://vm.tiktok.com/ZSabc123/",
        "https://www.youtube.com/watch?v=123456789",
        "https://www.tiktok.com/@someone",
        "https://evil.example/tiktok.com/@a/video/1234567890",
    ],
)
def test_a_link_that_is_not_a_tiktok_video_is_refused(client, approved, link):
    login(client, approved.creator.user)

    response = client.post(url(approved), {"link": link})

    assert response.status_code == 400
    assert "This is not a link to a TikTok video." in response.text
    approved.refresh_from_db()
    assert approved.status == Status.DRAFT_APPROVED


def test_nothing_picked_and_no_link_is_refused(client, approved):
    login(client, approved.creator.user)

    response = client.post(url(approved), {"content_note": "Here it is"})

    assert response.status_code == 400
    assert "Pick the posted video from your list, or paste its link." in response.text


def test_the_video_ids_in_links_are_read_from_full_links_only():
    assert video_id_from_link("https://www.tiktok.com/@a.b_c/video/7301234567890") == (
        "7301234567890"
    )
    assert video_id_from_link("https://m.tiktok.com/@a/video/7301234567890/") == "7301234567890"
    assert video_id_from_link("https://tiktok.com/@a/photo/7301234567890") is None
    assert video_id_from_link("") is None


def test_a_creator_without_a_linked_account_is_told_to_connect_it(client):
    collaboration = CollaborationFactory(status=Status.DRAFT_APPROVED)
    login(client, collaboration.creator.user)

    response = client.get(url(collaboration))
    assert "Connect your TikTok account first" in response.text
    assert reverse("tiktok:connect") in response.text

    response = client.post(url(collaboration), {"link": "https://www.tiktok.com/@a/video/123456"})
    assert response.status_code == 400
    assert reverse("tiktok:connect") in response.text
    collaboration.refresh_from_db()
    assert collaboration.status == Status.DRAFT_APPROVED


def test_a_broken_link_is_treated_as_no_link(client, approved):
    LinkedAccount.objects.filter(pk=approved.account.pk).update(status=LinkedAccount.Status.BROKEN)
    login(client, approved.creator.user)

    response = client.get(url(approved))

    assert "Connect your TikTok account first" in response.text


@pytest.mark.parametrize("shape", ["rate_limited", "server_error", "malformed", "timeout"])
def test_tiktok_not_answering_changes_nothing_and_says_try_again(
    client, fake_tiktok, shape, settings
):
    settings.TIKTOK_TIMEOUT_SECONDS = 0.5
    open_id = "open-poster"
    fake_tiktok.add_account(open_id, videos=[fake_video(open_id, 1)])
    tokens = fake_tiktok.issue_tokens(open_id)
    collaboration = CollaborationFactory(status=Status.DRAFT_APPROVED)
    LinkedAccountFactory(
        user=collaboration.creator.user,
        open_id=open_id,
        username="poster",
        access_token=tokens["access_token"],
        refresh_token=tokens["refresh_token"],
        access_expires_at=datetime.fromtimestamp(2**31, UTC),
    )
    video_id = fake_video(open_id, 1)["id"]
    login(client, collaboration.creator.user)
    fake_tiktok.fail(VIDEO_QUERY, shape, times=10, delay=1.0)
    fake_tiktok.fail(VIDEO_LIST, shape, times=10, delay=1.0)

    response = client.post(url(collaboration), {"video_id": video_id})

    assert response.status_code == 400
    assert "TikTok is not answering at the moment" in response.text
    collaboration.refresh_from_db()
    assert (collaboration.status, collaboration.tiktok_video_id) == (Status.DRAFT_APPROVED, "")


def test_the_real_client_submits_a_video_the_fake_tiktok_knows(client, fake_tiktok):
    open_id = "open-real"
    fake_tiktok.add_account(open_id)
    tokens = fake_tiktok.issue_tokens(open_id)
    collaboration = CollaborationFactory(status=Status.DRAFT_APPROVED)
    LinkedAccountFactory(
        user=collaboration.creator.user,
        open_id=open_id,
        access_token=tokens["access_token"],
        refresh_token=tokens["refresh_token"],
        access_expires_at=datetime.fromtimestamp(2**31, UTC),
    )
    login(client, collaboration.creator.user)
    newest = fake_video(open_id, 0)

    page = client.get(url(collaboration))
    assert newest["title"] in page.text
    client.post(url(collaboration), {"video_id": newest["id"]})

    collaboration.refresh_from_db()
    assert (collaboration.status, collaboration.tiktok_video_id) == (
        Status.SUBMITTED,
        newest["id"],
    )
    assert collaboration.posted_at == datetime.fromtimestamp(newest["create_time"], UTC)


@pytest.mark.parametrize("start", [Status.ACCEPTED, Status.DRAFT_SUBMITTED, Status.DRAFT_CHANGES])
def test_before_the_draft_is_approved_the_page_sends_the_creator_back(client, start):
    collaboration = CollaborationFactory(status=start)
    LinkedAccountFactory(user=collaboration.creator.user)
    login(client, collaboration.creator.user)

    response = client.get(url(collaboration), follow=True)
    assert "Post the video only once the business has approved your draft." in response.text
    with pytest.raises(services.CollaborationError, match="approved your draft"):
        submit_posted_video(
            collaboration=collaboration, user=collaboration.creator.user, video_id="123"
        )


@pytest.mark.parametrize("who", ["business", "another creator", "another business"])
def test_only_the_creator_has_the_page(client, approved, who):
    user = {
        "business": approved.member,
        "another creator": CreatorProfileFactory().user,
        "another business": BusinessMembershipFactory().user,
    }[who]
    login(client, user)

    assert client.get(url(approved)).status_code == 404
    assert client.post(url(approved), {"video_id": "1"}).status_code == 404


def test_after_a_revision_the_creator_submits_again_and_approval_pays_the_fee(approved):
    first, second = videos_for(approved.account.open_id)[:2]
    submit_posted_video(collaboration=approved, user=approved.creator.user, video_id=first.id)
    services.move(approved, Status.REVISION, user=approved.member, revision_note="Louder")
    again = submit_posted_video(
        collaboration=approved, user=approved.creator.user, video_id=second.id
    )
    assert again.tiktok_video_id == second.id
    assert sum(services.held(approved).values()) == approved.fee

    services.move(approved, Status.APPROVED, user=approved.member)
    assert sum(services.held(approved).values()) == 0
