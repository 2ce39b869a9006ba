"""The posted video: once the draft is approved, the creator picks the video
they posted from their own recent TikTok videos, or pastes its link. Either
way TikTok is asked whether the video is on the creator's linked account, so a
video of someone else is refused; what TikTok says of it (id, share link, when
it was posted) is kept on the collaboration."""

import re
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from collaborations.models import Collaboration
from collaborations.services import NOT_BEFORE_DRAFT_APPROVAL, CollaborationError, move
from tiktok.client import (
    RateLimited,
    ScopeMissing,
    TokenRejected,
    Unavailable,
    VideoNotFound,
    get_client,
)
from tiktok.selectors import account_for
from tiktok.services import access_token_for

Status = Collaboration.Status
# https://www.tiktok.com/@name/video/7301234567890123456?is_from_webapp=1
VIDEO_LINK = re.compile(
    r"^https?://(?:www\.|m\.)?tiktok\.com/@[^/?#]+/video/(?P<id>\d{6,30})(?:[/?#].*)?$"
)
RECENT_COUNT = 20


class NotLinked(CollaborationError):
    """The creator has no working TikTok link; ``connect_url`` is where to make one."""

    @property
    def connect_url(self):
        return reverse("tiktok:connect")


@dataclass(frozen=True)
class Recent:
    """The creator's recent videos, newest first, and the account they are on."""

    account: object
    videos: list


def video_id_from_link(link):
    """The video id in a full TikTok video link, or None."""
    found = VIDEO_LINK.match((link or "").strip())
    return found["id"] if found else None


def _linked_account(user):
    account = account_for(user)
    if account is None or not account.is_active:
        raise NotLinked(_("Connect your TikTok account first: the posted video is picked from it."))
    return account


def _asking_tiktok(call):
    """What ``call()`` returns, TikTok's errors turned into refusals for the creator."""
    try:
        return call()
    except (Unavailable, RateLimited):
        raise CollaborationError(
            _("TikTok is not answering at the moment. Nothing was changed; try again shortly.")
        ) from None
    except (TokenRejected, ScopeMissing):
        raise NotLinked(
            _("TikTok no longer accepts your link to it. Connect your TikTok account again.")
        ) from None


def recent_videos(*, user):
    """``user``'s most recent public TikTok videos (up to 20), newest first.

    Raises ``NotLinked`` without a working link, ``CollaborationError`` when
    TikTok does not answer."""
    account = _linked_account(user)
    client = get_client()
    page = _asking_tiktok(
        lambda: client.list_videos(access_token=access_token_for(account), max_count=RECENT_COUNT)
    )
    videos = sorted(page.videos, key=lambda video: video.created_at, reverse=True)
    return Recent(account=account, videos=videos)


def submit_posted_video(*, collaboration, user, video_id="", link="", note=""):
    """The creator submits the video they posted, by its TikTok id (picked from
    their recent videos) or its link, for the business to approve.

    Guarantees: the draft was approved (otherwise the same refusal as
    ``move``), the creator has a working TikTok link, and TikTok says the video
    is on that account; otherwise raises ``CollaborationError`` (``NotLinked``
    for the link) and changes nothing. TikTok not answering changes nothing
    either. Moves the collaboration to "content submitted" with the video's id,
    share link, title and posting time, and emails the business."""
    if collaboration.status in NOT_BEFORE_DRAFT_APPROVAL:
        move(collaboration, Status.SUBMITTED, user=user)  # refuses, in words
    if link.strip():
        video_id = video_id_from_link(link)
        if video_id is None:
            raise CollaborationError(
                _(
                    "This is not a link to a TikTok video. Paste the full link, like "
                    "https://www.tiktok.com/@yourname/video/1234567890, or pick the "
                    "video from your list."
                )
            )
    if not video_id:
        raise CollaborationError(_("Pick the posted video from your list, or paste its link."))
    account = _linked_account(user)
    client = get_client()
    try:
        found = _asking_tiktok(
            lambda: client.query_videos(
                access_token=access_token_for(account), video_ids=[video_id]
            )
        )
    except VideoNotFound:
        found = []
    video = next((item for item in found if item.id == video_id), None)
    if video is None:
        raise CollaborationError(
            _(
                "TikTok does not show this video on your linked account @%(account)s. "
                "Submit a video you posted from that account."
            )
            % {"account": account.username or account.display_name}
        )
    return move(
        collaboration,
        Status.SUBMITTED,
        user=user,
        content_url=video.share_url
        or link.strip()
        or f"https://www.tiktok.com/@{account.username}/video/{video.id}",
        content_note=note,
        posted={
            "tiktok_video_id": video.id,
            "video_title": video.title[:300],
            "posted_at": video.created_at,
        },
    )
