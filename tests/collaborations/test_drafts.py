"""The draft step: the creator uploads a draft, the business approves it or asks
for changes, and only an approved draft may be posted. Drafts are private."""

import struct

import pytest
from django.urls import reverse

from collaborations import services
from collaborations.models import Collaboration, Draft
from collaborations.services.drafts import submit_draft
from tests.brands.factories import BusinessMembershipFactory
from tests.collaborations.factories import (
    VIDEO_31_SECONDS,
    CollaborationFactory,
    draft_video,
)
from tests.creators.factories import CreatorProfileFactory
from tests.factories import DEFAULT_PASSWORD, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db
Status = Collaboration.Status


def login(client, user):
    assert client.login(email=user.email, password=DEFAULT_PASSWORD)
    return client


@pytest.fixture
def sent(mailoutbox, django_capture_on_commit_callbacks):
    """A collaboration whose creator has sent the 31-second draft."""
    collaboration = CollaborationFactory(status=Status.ACCEPTED)
    with django_capture_on_commit_callbacks(execute=True):
        submit_draft(
            collaboration=collaboration,
            user=collaboration.creator.user,
            video=draft_video(),
            caption="Kopi susu #ad",
        )
    collaboration.member = collaboration.campaign.member  # kept through refresh_from_db
    collaboration.refresh_from_db()
    return collaboration


def draft_urls(collaboration):
    draft = collaboration.drafts.get()
    return [
        reverse("collaborations:draft", args=[collaboration.pk]),
        reverse("collaborations:draft_file", args=[collaboration.pk, draft.pk]),
    ]


# --- Uploading ------------------------------------------------------------------------


def test_the_creator_uploads_a_draft_and_the_business_is_emailed(
    client, mailoutbox, django_capture_on_commit_callbacks, settings
):
    collaboration = CollaborationFactory(status=Status.ACCEPTED)
    member = collaboration.campaign.member
    login(client, collaboration.creator.user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("collaborations:upload_draft", args=[collaboration.pk]),
            {"video": draft_video(), "caption": "  Kopi susu #ad "},
        )

    assert response.status_code == 302
    collaboration.refresh_from_db()
    assert collaboration.status == Status.DRAFT_SUBMITTED
    draft = collaboration.drafts.get()
    assert (draft.caption, draft.duration_ms, draft.content_type) == (
        "Kopi susu #ad",
        31_000,
        "video/mp4",
    )
    assert draft.size_bytes == VIDEO_31_SECONDS.stat().st_size
    assert draft.uploaded_by == collaboration.creator.user
    # Kept privately, under a name nobody can guess, not the uploader's.
    stored = settings.SERIES_PRIVATE_ROOT / draft.video.name
    assert stored.read_bytes() == VIDEO_31_SECONDS.read_bytes()
    assert draft.video.name.startswith(f"collaborations/{collaboration.pk}/")
    assert "draft.mp4" not in draft.video.name
    change = collaboration.history.last()
    assert (change.from_status, change.to_status, change.changed_by) == (
        Status.ACCEPTED,
        Status.DRAFT_SUBMITTED,
        collaboration.creator.user,
    )
    assert mailoutbox[-1].to == [member.email]
    assert f"/collaborations/{collaboration.pk}/draft/" in mailoutbox[-1].body


def test_a_quicktime_and_a_webm_draft_are_taken_with_their_durations():
    mov = bytearray(VIDEO_31_SECONDS.read_bytes())
    mov[8:12] = b"qt  "
    collaboration = CollaborationFactory(status=Status.ACCEPTED)
    submit_draft(
        collaboration=collaboration,
        user=collaboration.creator.user,
        video=draft_video("clip.mov", bytes(mov), "video/quicktime"),
    )
    services.move(
        collaboration, Status.DRAFT_CHANGES, user=collaboration.campaign.member, draft_note="Again"
    )
    submit_draft(
        collaboration=collaboration,
        user=collaboration.creator.user,
        video=draft_video("clip.webm", webm_lasting(12.5), "video/webm"),
    )

    webm, mov = collaboration.drafts.all()
    assert (mov.content_type, mov.duration_ms, mov.video.name[-4:]) == (
        "video/quicktime",
        31_000,
        ".mov",
    )
    assert (webm.content_type, webm.duration_ms, webm.video.name[-5:]) == (
        "video/webm",
        12_500,
        ".webm",
    )


@pytest.mark.parametrize(
    "name, data",
    [
        ("draft.mp4", b"\x89PNG\r\n\x1a\n" + b"\0" * 200),
        ("draft.mp4", b"just some text, not a video at all"),
        ("draft.webm", b"\x1a\x45\xdf\xa3" + b"\xff" * 40),
        ("draft.mp4", VIDEO_31_SECONDS.read_bytes()[:300]),
    ],
    ids=["png", "text", "broken-webm", "cut-mp4"],
)
def test_a_file_that_is_not_a_video_is_refused_and_nothing_changes(client, name, data):
    collaboration = CollaborationFactory(status=Status.ACCEPTED)
    login(client, collaboration.creator.user)

    response = client.post(
        reverse("collaborations:upload_draft", args=[collaboration.pk]),
        {"video": draft_video(name, data)},
    )

    assert response.status_code == 400
    assert "Upload the draft as an MP4, MOV or WebM video." in response.text
    collaboration.refresh_from_db()
    assert collaboration.status == Status.ACCEPTED
    assert not Draft.objects.exists()


@pytest.mark.parametrize(
    "extra, status", [(10 * 1024, 400), (1024 * 1024, 413)], ids=["just-over", "far-over"]
)
def test_a_draft_over_the_size_limit_is_refused(client, settings, extra, status):
    """Far over, the request is refused before its body is read (413)."""
    settings.COLLABORATION_DRAFT_MAX_MB = 1
    collaboration = CollaborationFactory(status=Status.ACCEPTED)
    login(client, collaboration.creator.user)
    big = VIDEO_31_SECONDS.read_bytes() + b"\0" * (1024 * 1024 - 2048 + extra)

    response = client.post(
        reverse("collaborations:upload_draft", args=[collaboration.pk]),
        {"video": draft_video("draft.mp4", big)},
    )

    assert response.status_code == status
    assert "The video is too large: the limit is 1 MB." in response.text
    assert not Draft.objects.exists()


def test_a_draft_longer_than_the_limit_is_refused(settings):
    settings.COLLABORATION_DRAFT_MAX_SECONDS = 30
    collaboration = CollaborationFactory(status=Status.ACCEPTED)

    with pytest.raises(services.CollaborationError, match="lasts 0:31; a draft must last"):
        submit_draft(
            collaboration=collaboration, user=collaboration.creator.user, video=draft_video()
        )
    assert collaboration.history.count() == 1


def test_the_business_cannot_upload_a_draft(client):
    collaboration = CollaborationFactory(status=Status.ACCEPTED)
    login(client, collaboration.campaign.member)

    response = client.post(
        reverse("collaborations:upload_draft", args=[collaboration.pk]), {"video": draft_video()}
    )

    assert response.status_code == 404
    assert not Draft.objects.exists()


# --- Answering ------------------------------------------------------------------------


def test_a_business_member_sees_and_approves_the_draft(
    client, sent, mailoutbox, django_capture_on_commit_callbacks
):
    teammate = BusinessMembershipFactory(business=sent.campaign.business, role="member").user
    login(client, teammate)
    page, file = draft_urls(sent)

    response = client.get(page)
    assert response.status_code == 200
    assert "Kopi susu #ad" in response.text
    assert file in response.text
    assert "Approve the draft" in response.text
    video = client.get(file)
    assert video.status_code == 200
    assert video["Content-Type"] == "video/mp4"
    assert b"".join(video.streaming_content) == VIDEO_31_SECONDS.read_bytes()
    assert video["Cache-Control"] == "private, no-store"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("collaborations:action", args=[sent.pk, "approve-draft"]))

    assert response.url == page
    sent.refresh_from_db()
    assert sent.status == Status.DRAFT_APPROVED
    assert sent.draft_approved_at is not None
    change = sent.history.last()
    assert (change.to_status, change.changed_by) == (Status.DRAFT_APPROVED, teammate)
    assert mailoutbox[-1].to == [sent.creator.user.email]
    assert "approved your draft" in mailoutbox[-1].body


def test_asking_for_changes_needs_a_note_and_tells_the_creator(
    client, sent, mailoutbox, django_capture_on_commit_callbacks
):
    login(client, sent.member)
    url = reverse("collaborations:action", args=[sent.pk, "draft-changes"])

    response = client.post(url, {"draft_note": "  "})
    assert response.status_code == 400
    assert "This field is required." in response.text
    sent.refresh_from_db()
    assert sent.status == Status.DRAFT_SUBMITTED

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"draft_note": "Show the price, please."})

    sent.refresh_from_db()
    assert (sent.status, sent.draft_note) == (Status.DRAFT_CHANGES, "Show the price, please.")
    assert sent.history.last().note == "Show the price, please."
    assert mailoutbox[-1].to == [sent.creator.user.email]
    assert "Show the price, please." in mailoutbox[-1].body
    # The creator sees the note and can send a new draft.
    login(client, sent.creator.user)
    response = client.get(reverse("collaborations:draft", args=[sent.pk]))
    assert "Show the price, please." in response.text
    assert "Upload a new draft" in response.text


def test_the_creator_cannot_approve_their_own_draft(sent):
    with pytest.raises(services.CollaborationError):
        services.move(sent, Status.DRAFT_APPROVED, user=sent.creator.user)
    sent.refresh_from_db()
    assert sent.status == Status.DRAFT_SUBMITTED


def test_staff_may_watch_a_draft(client, sent, settings):
    settings.STAFF_REQUIRE_MFA = False
    login(client, StaffFactory())

    for url in draft_urls(sent):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("who", ["another business", "another creator", "anonymous", "a fan"])
def test_nobody_else_finds_the_draft_page_or_its_file(client, sent, who):
    if who == "another business":
        login(client, BusinessMembershipFactory().user)
    elif who == "another creator":
        login(client, CreatorProfileFactory().user)
    elif who == "a fan":
        login(client, UserFactory())

    for url in draft_urls(sent):
        assert client.get(url).status_code == 404, url


def test_a_draft_of_another_collaboration_is_not_found_through_mine(client, sent):
    mine = CollaborationFactory(status=Status.ACCEPTED)
    login(client, mine.creator.user)
    theirs = sent.drafts.get()

    url = reverse("collaborations:draft_file", args=[mine.pk, theirs.pk])
    assert client.get(url).status_code == 404


# --- Posting ----------------------------------------------------------------------------


@pytest.mark.parametrize("start", [Status.ACCEPTED, Status.DRAFT_SUBMITTED, Status.DRAFT_CHANGES])
def test_posting_without_an_approved_draft_is_refused(client, start):
    collaboration = CollaborationFactory(status=start)
    login(client, collaboration.creator.user)

    response = client.post(
        reverse("collaborations:post_video", args=[collaboration.pk]),
        {"link": "https://www.tiktok.com/@creator/video/7301234567"},
        follow=True,
    )

    assert "Post the video only once the business has approved your draft" in response.text
    collaboration.refresh_from_db()
    assert (collaboration.status, collaboration.content_url) == (start, "")


def test_the_money_rules_hold_through_the_draft_step(sent):
    """The fee held on acceptance stays held through the draft step, and
    cancelling during it gives the fee back to the campaign."""
    state = services.held(sent)
    assert sum(state.values()) == sent.fee
    services.move(sent, Status.CANCELLED, user=sent.member)
    assert sum(services.held(sent).values()) == 0


def test_once_the_draft_is_approved_only_the_creator_may_call_it_off(sent):
    services.move(sent, Status.DRAFT_APPROVED, user=sent.member)

    with pytest.raises(services.CollaborationError):
        services.move(sent, Status.CANCELLED, user=sent.member)
    services.move(sent, Status.CANCELLED, user=sent.creator.user)
    assert sum(services.held(sent).values()) == 0


# --- A WebM file ----------------------------------------------------------------------


def _element(element_id, payload):
    size = len(payload) | (0x01 << 8 * 7)  # an EBML size written on 8 bytes
    return element_id + size.to_bytes(8, "big") + payload


def webm_lasting(seconds):
    """A minimal WebM: the EBML header, and a segment whose information says
    it lasts ``seconds`` (in the default 1 ms timecode scale)."""
    header = _element(b"\x1a\x45\xdf\xa3", _element(b"\x42\x82", b"webm"))
    info = _element(
        b"\x15\x49\xa9\x66",
        _element(b"\x2a\xd7\xb1", (1_000_000).to_bytes(3, "big"))
        + _element(b"\x44\x89", struct.pack(">d", seconds * 1000)),
    )
    return header + _element(b"\x18\x53\x80\x67", info)
