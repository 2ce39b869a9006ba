"""Everything that changes a collaboration, its thread or its ratings.

Each function runs in one transaction with the campaign's business row locked
first (the lock ``brands.services`` takes for money) and then the collaboration
row, so two clicks, or the two sides at the same moment, cannot both move a
collaboration or promise the same rupiah twice.

Money: a live campaign reserves its whole budget in the ledger. A fee offered
(invite) or asked (apply), and again the fee agreed on acceptance, must fit in
``selectors.fee_room``: what the campaign still has reserved. On acceptance the
fee moves from the campaign's reserve into a hold for the collaboration (paid
balance first, then credit). Approval, by the business or automatically once
``COLLABORATION_AUTO_RELEASE_HOURS`` pass without an answer, releases the hold
to the creator's earnings less the platform's fee; cancelling before the content
is submitted returns it to the campaign. Approval is final.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from collaborations.models import Collaboration, Draft, Message, Rating, Side, StatusChange
from collaborations.selectors import side_of
from collaborations.services.common import (  # noqa: F401  (the package's interface)
    CollaborationError,
    check_fee,
    check_live,
    lock_campaign,
    notify,
)
from collaborations.services.holds import (  # noqa: F401  (the package's interface)
    held,
    hold_fee,
    hold_spec,
    pay_hold,
    release_all_unanswered,
    release_unanswered,
    return_hold,
    unanswered_due,
)
from creators.models.profiles import CreatorProfile

Status = Collaboration.Status


def average_views(creator):
    """The creator's views per video over the last 30 days, from their profile's
    figures; None when they posted no video in that time."""
    if not creator.public_video_count:
        return None
    return creator.views_last_30_days // creator.public_video_count


def _start(*, campaign, creator, user, side, fee, message):
    status = Status.INVITED if side == Side.BUSINESS else Status.APPLIED
    if Collaboration.objects.filter(campaign=campaign, creator=creator).exists():
        raise CollaborationError(
            _("%(creator)s and this campaign already have a collaboration.")
            % {"creator": creator.display_name}
        )
    try:
        with transaction.atomic():
            collaboration = Collaboration.objects.create(
                campaign=campaign,
                creator=creator,
                started_by=side,
                status=status,
                fee=fee,
                message=message,
                due_on=campaign.ends_on,
                creator_average_views=average_views(creator),
            )
    except IntegrityError:
        # Both sides at the same moment: the unique constraint keeps one.
        raise CollaborationError(
            _("%(creator)s and this campaign already have a collaboration.")
            % {"creator": creator.display_name}
        ) from None
    StatusChange.objects.create(collaboration=collaboration, to_status=status, changed_by=user)
    other = Side.CREATOR if side == Side.BUSINESS else Side.BUSINESS
    notify(collaboration, to_side=other, email=status, message=message)
    return collaboration


@transaction.atomic
def invite(*, campaign, creator, user, fee, message=""):
    """A member of the campaign's business invites ``creator`` with a fee.

    Guarantees: the campaign is live, the creator accepts brand offers, there is
    no collaboration of this campaign and creator yet, and the fee fits in what
    the campaign can still pay. Otherwise raises ``CollaborationError`` and
    changes nothing. Emails the creator.
    """
    campaign = lock_campaign(campaign)
    if not campaign.business.memberships.filter(user=user).exists():
        raise CollaborationError(_("Only the campaign's business can invite creators to it."))
    check_live(campaign)
    if creator.contact_preference == CreatorProfile.ContactPreference.NONE:
        raise CollaborationError(
            _("%(creator)s is not open to brand offers.") % {"creator": creator.display_name}
        )
    check_fee(campaign, fee)
    return _start(
        campaign=campaign, creator=creator, user=user, side=Side.BUSINESS, fee=fee, message=message
    )


@transaction.atomic
def apply(*, campaign, creator, fee, message=""):
    """``creator`` applies to a live campaign, asking ``fee``.

    Same guarantees as ``invite`` (a creator whose profile says they are not
    open to offers is asked to change that first). Emails the business.
    """
    campaign = lock_campaign(campaign)
    check_live(campaign)
    if creator.contact_preference == CreatorProfile.ContactPreference.NONE:
        raise CollaborationError(
            _(
                "Your profile says you are not open to brand offers. "
                "Change how brands may contact you to apply."
            )
        )
    check_fee(campaign, fee)
    return _start(
        campaign=campaign,
        creator=creator,
        user=creator.user,
        side=Side.CREATOR,
        fee=fee,
        message=message,
    )


NOT_BEFORE_DRAFT_APPROVAL = {Status.ACCEPTED, Status.DRAFT_SUBMITTED, Status.DRAFT_CHANGES}


@transaction.atomic
def move(
    collaboration,
    to,
    *,
    user,
    content_url="",
    content_note="",
    revision_note="",
    draft=None,
    draft_note="",
    posted=None,
):
    """Move ``collaboration`` to status ``to`` on behalf of ``user``: the one
    place a collaboration's status changes.

    Refuses, with a ``CollaborationError`` and no change, a move that
    ``Collaboration.TRANSITIONS`` does not allow from the current status or
    that belongs to the other side. Accepting agrees the fee on the table and
    checks again that the campaign is live and can pay it; submitting a draft
    needs the checked file (``draft``: the fields of a ``Draft``, see
    ``services.drafts.submit_draft``); asking for changes to a draft, or for a
    revision of the posted video, needs a note; submitting the posted video
    needs an approved draft and its link (the first submission's time is kept
    for the track record; ``posted`` carries the TikTok video's fields, see
    ``services.posting``); approving pays the held fee. Records who moved it
    and emails the other side. Returns the updated collaboration.
    """
    campaign = lock_campaign(collaboration.campaign)
    current = (
        Collaboration.objects.select_for_update(of=("self",))
        .select_related("creator__user")
        .get(pk=collaboration.pk)
    )
    current.campaign = campaign
    side = side_of(current, user)
    if (
        to == Status.SUBMITTED
        and side == Side.CREATOR
        and current.status in NOT_BEFORE_DRAFT_APPROVAL
    ):
        raise CollaborationError(
            _(
                "Post the video only once the business has approved your draft: "
                "upload the draft first and wait for their answer."
            )
        )
    if side is None or not current.can_become(to, side):
        raise CollaborationError(
            _("You cannot move a collaboration that is %(current)s to %(new)s.")
            % {
                "current": current.get_status_display().lower(),
                "new": Status(to).label.lower(),
            }
        )
    now = timezone.now()
    fields = ["status", "updated_at"]
    if to == Status.ACCEPTED:
        check_live(campaign)
        check_fee(campaign, current.fee)
        hold_fee(current, by=user)
        current.accepted_at = now
        current.creator_average_views = average_views(current.creator)
        fields += ["accepted_at", "creator_average_views"]
    elif to == Status.CANCELLED:
        return_hold(current, by=user)
        current.cancelled_at = now
        fields.append("cancelled_at")
    elif to == Status.DRAFT_SUBMITTED:
        if draft is None:
            raise CollaborationError(_("Upload the draft video."))
        Draft.objects.create(collaboration=current, uploaded_by=user, **draft)
    elif to == Status.DRAFT_CHANGES:
        if not draft_note.strip():
            raise CollaborationError(_("Say what the creator should change in the draft."))
        current.draft_note = draft_note.strip()
        fields.append("draft_note")
    elif to == Status.DRAFT_APPROVED:
        current.draft_approved_at = now
        fields.append("draft_approved_at")
    elif to == Status.SUBMITTED:
        for name, value in (posted or {}).items():
            setattr(current, name, value)
            fields.append(name)
        if not content_url.strip():
            raise CollaborationError(_("Add the link to the posted video."))
        current.content_url = content_url.strip()
        current.content_note = content_note
        fields += ["content_url", "content_note"]
        current.submitted_at = now
        fields.append("submitted_at")
        if current.first_submitted_at is None:
            current.first_submitted_at = now
            fields.append("first_submitted_at")
    elif to == Status.REVISION:
        if not revision_note.strip():
            raise CollaborationError(_("Say what the creator should change."))
        current.revision_note = revision_note.strip()
        fields.append("revision_note")
    elif to == Status.APPROVED:
        pay_hold(current, by=user)
        current.approved_at = now
        fields.append("approved_at")
    elif to == Status.COMPLETED:
        current.completed_at = now
        fields.append("completed_at")
    StatusChange.objects.create(
        collaboration=current,
        from_status=current.status,
        to_status=to,
        changed_by=user,
        note={Status.REVISION: revision_note, Status.DRAFT_CHANGES: draft_note}.get(to, "").strip(),
    )
    current.status = to
    current.save(update_fields=fields)
    other = Side.BUSINESS if side == Side.CREATOR else Side.CREATOR
    notify(current, to_side=other, email=to, side=other)
    return current


@transaction.atomic
def post_message(*, collaboration, user, body):
    """``user`` (either side) adds a plain-text message to the thread; the other
    side gets an email."""
    body = body.strip()
    if not body:
        raise CollaborationError(_("Write a message first."))
    collaboration = Collaboration.objects.select_related("campaign__business", "creator__user").get(
        pk=collaboration.pk
    )
    side = side_of(collaboration, user)
    if side is None:
        raise CollaborationError(_("Only the creator and the business can write here."))
    message = Message.objects.create(collaboration=collaboration, author=user, side=side, body=body)
    other = Side.BUSINESS if side == Side.CREATOR else Side.CREATOR
    notify(collaboration, to_side=other, email="message", message=message, author=user)
    return message


@transaction.atomic
def rate(*, collaboration, user, stars, comment=""):
    """``user``'s side rates the other once the collaboration is completed; once
    per side. The business's ratings feed the creator's track record."""
    collaboration = Collaboration.objects.select_related("campaign__business", "creator__user").get(
        pk=collaboration.pk
    )
    side = side_of(collaboration, user)
    if side is None:
        raise CollaborationError(_("Only the creator and the business can rate."))
    if collaboration.status != Status.COMPLETED:
        raise CollaborationError(_("You can rate once the collaboration is completed."))
    if not 1 <= stars <= 5:
        raise CollaborationError(_("Give from one to five stars."))
    try:
        with transaction.atomic():
            return Rating.objects.create(
                collaboration=collaboration, by_side=side, stars=stars, comment=comment.strip()
            )
    except IntegrityError:
        raise CollaborationError(_("Your side has already rated this collaboration.")) from None
