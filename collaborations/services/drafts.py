"""The draft the creator uploads before posting: checked by what the file is
(MP4, MOV or WebM), its size (``COLLABORATION_DRAFT_MAX_MB``) and its duration
read from the file (``COLLABORATION_DRAFT_MAX_SECONDS``), then kept privately."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from collaborations.models import Collaboration
from collaborations.services import CollaborationError, move
from core import videos

# The brand in an ISO file's "ftyp" box that says QuickTime.
QUICKTIME_BRAND = b"qt  "


def draft_max_bytes():
    return settings.COLLABORATION_DRAFT_MAX_MB * 1024 * 1024


def check_draft_video(upload):
    """``(content_type, duration_ms)`` of an uploaded draft, read from the file.

    Raises ``CollaborationError`` with a message for the creator when the file
    is too large, is not an MP4, MOV or WebM video, or lasts nothing or longer
    than ``COLLABORATION_DRAFT_MAX_SECONDS``."""
    try:
        videos.check_size(upload, draft_max_bytes())
        duration_ms = videos.duration_ms(upload, kinds=(videos.MP4_KIND, videos.WEBM_KIND))
    except videos.NotAVideo:
        raise CollaborationError(_("Upload the draft as an MP4, MOV or WebM video.")) from None
    except ValidationError as error:
        raise CollaborationError(error.messages[0]) from None
    limit_ms = settings.COLLABORATION_DRAFT_MAX_SECONDS * 1000
    if not 0 < duration_ms <= limit_ms:
        raise CollaborationError(
            _("This video lasts %(duration)s; a draft must last from 1 second to %(limit)s.")
            % {
                "duration": videos.format_duration(duration_ms),
                "limit": videos.format_duration(limit_ms),
            }
        )
    return _content_type(upload), duration_ms


def _content_type(upload):
    if videos.sniff_kind(upload) == videos.WEBM_KIND:
        return "video/webm"
    upload.seek(8)
    brand = upload.read(4)
    upload.seek(0)
    return "video/quicktime" if brand == QUICKTIME_BRAND else "video/mp4"


def submit_draft(*, collaboration, user, video, caption=""):
    """The creator uploads a draft video with its caption, for the business to
    approve before anything is posted: the collaboration moves to "draft
    submitted" (from accepted, or after the business asked for changes) and the
    business is emailed. Refuses, changing nothing, a file ``check_draft_video``
    refuses or a move the status does not allow. Returns the collaboration."""
    content_type, duration_ms = check_draft_video(video)
    return move(
        collaboration,
        Collaboration.Status.DRAFT_SUBMITTED,
        user=user,
        draft={
            "video": video,
            "content_type": content_type,
            "caption": caption.strip(),
            "duration_ms": duration_ms,
            "size_bytes": video.size,
        },
    )
