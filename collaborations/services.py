"""Everything that changes a collaboration, its thread or its ratings.

Each function runs in one transaction with the campaign's business row locked
first (the lock ``brands.services`` takes for money) and then the collaboration
row, so two clicks, or the two sides at the same moment, cannot both move a
collaboration or promise the same rupiah twice.

Money: a live campaign holds its whole budget in the ledger. A fee offered
(invite) or asked (apply), and again the fee agreed on acceptance, must fit in
``selectors.fee_room``: what is still reserved minus the fees agreed with
creators not yet paid. On completion the fee is spent from the reservation
(``brands.services.spend_from_campaign``).
"""

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from brands.models import Business, Campaign
from brands.services import InsufficientFunds, spend_from_campaign
from collaborations.models import Collaboration, Message, Rating, Side, StatusChange
from collaborations.selectors import fee_room, side_of
from creators.models import CreatorProfile
from portal.emails import absolute_url, email_user, email_users
from portal.templatetags.money import money

Status = Collaboration.Status


class CollaborationError(Exception):
    """A collaboration action that is not possible; the message is for the user."""


def _lock(campaign):
    """Lock the campaign's business (the ledger's lock) and return a fresh campaign."""
    Business.objects.select_for_update().get(pk=campaign.business_id)
    return Campaign.objects.select_related("business").get(pk=campaign.pk)


def _check_fee(campaign, fee):
    room = fee_room(campaign)
    if fee > room:
        raise CollaborationError(
            _(
                "The fee of %(fee)s is more than this campaign can still pay "
                "(%(room)s is left of its reserved budget)."
            )
            % {"fee": money(fee), "room": money(room)}
        )


def _check_live(campaign):
    if campaign.status != Campaign.Status.LIVE:
        raise CollaborationError(_("This campaign is not taking creators at the moment."))


def _notify(collaboration, *, to_side, email, **context):
    """Email the ``to_side`` of the collaboration, each person in their own language."""
    context = {
        **context,
        "collaboration": collaboration,
        "campaign": collaboration.campaign,
        "creator": collaboration.creator,
        "business": collaboration.campaign.business,
        "link": absolute_url(reverse("collaborations:detail", args=[collaboration.pk])),
    }
    template = f"collaborations/emails/{email}"
    if to_side == Side.CREATOR:
        email_user(collaboration.creator.user, template, context)
    else:
        email_users(
            collaboration.campaign.business.members.only("email", "language", "full_name"),
            template,
            context,
        )


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
            )
    except IntegrityError:
        # Both sides at the same moment: the unique constraint keeps one.
        raise CollaborationError(
            _("%(creator)s and this campaign already have a collaboration.")
            % {"creator": creator.display_name}
        ) from None
    StatusChange.objects.create(collaboration=collaboration, to_status=status, by=user)
    other = Side.CREATOR if side == Side.BUSINESS else Side.BUSINESS
    _notify(collaboration, to_side=other, email=status, message=message)
    return collaboration


@transaction.atomic
def invite(*, campaign, creator, user, fee, message=""):
    """A member of the campaign's business invites ``creator`` with a fee.

    Guarantees: the campaign is live, the creator accepts brand offers, there is
    no collaboration of this campaign and creator yet, and the fee fits in what
    the campaign can still pay. Otherwise raises ``CollaborationError`` and
    changes nothing. Emails the creator.
    """
    campaign = _lock(campaign)
    if not campaign.business.memberships.filter(user=user).exists():
        raise CollaborationError(_("Only the campaign's business can invite creators to it."))
    _check_live(campaign)
    if creator.contact_preference == CreatorProfile.ContactPreference.NONE:
        raise CollaborationError(
            _("%(creator)s is not open to brand offers.") % {"creator": creator.display_name}
        )
    _check_fee(campaign, fee)
    return _start(
        campaign=campaign, creator=creator, user=user, side=Side.BUSINESS, fee=fee, message=message
    )


@transaction.atomic
def apply(*, campaign, creator, fee, message=""):
    """``creator`` applies to a live campaign, asking ``fee``.

    Same guarantees as ``invite`` (a creator whose profile says they are not
    open to offers is asked to change that first). Emails the business.
    """
    campaign = _lock(campaign)
    _check_live(campaign)
    if creator.contact_preference == CreatorProfile.ContactPreference.NONE:
        raise CollaborationError(
            _(
                "Your profile says you are not open to brand offers. "
                "Change how brands may contact you to apply."
            )
        )
    _check_fee(campaign, fee)
    return _start(
        campaign=campaign,
        creator=creator,
        user=creator.user,
        side=Side.CREATOR,
        fee=fee,
        message=message,
    )


@transaction.atomic
def move(collaboration, to, *, user, content_url="", content_note="", revision_note=""):
    """Move ``collaboration`` to status ``to`` on behalf of ``user``: the one
    place a collaboration's status changes.

    Refuses, with a ``CollaborationError`` and no change, a move that
    ``Collaboration.TRANSITIONS`` does not allow from the current status or
    that belongs to the other side. Accepting agrees the fee on the table and
    checks again that the campaign is live and can pay it; submitting needs the
    link to the posted video (the first submission's time is kept for the
    track record); asking for a revision needs a note; completing spends the fee
    from the campaign's reservation. Records who moved it and emails the other
    side. Returns the updated collaboration.
    """
    campaign = _lock(collaboration.campaign)
    current = (
        Collaboration.objects.select_for_update(of=("self",))
        .select_related("creator__user")
        .get(pk=collaboration.pk)
    )
    current.campaign = campaign
    side = side_of(current, user)
    allowed = Collaboration.TRANSITIONS[Status(current.status)]
    if side is None or allowed.get(to) != side:
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
        _check_live(campaign)
        _check_fee(campaign, current.fee)
        current.accepted_at = now
        fields.append("accepted_at")
    elif to == Status.SUBMITTED:
        if not content_url.strip():
            raise CollaborationError(_("Add the link to the posted video."))
        current.content_url = content_url.strip()
        current.content_note = content_note
        fields += ["content_url", "content_note"]
        if current.first_submitted_at is None:
            current.first_submitted_at = now
            fields.append("first_submitted_at")
    elif to == Status.REVISION:
        if not revision_note.strip():
            raise CollaborationError(_("Say what the creator should change."))
        current.revision_note = revision_note.strip()
        fields.append("revision_note")
    elif to == Status.APPROVED:
        current.approved_at = now
        fields.append("approved_at")
    elif to == Status.COMPLETED:
        try:
            spend_from_campaign(
                campaign=campaign,
                amount=current.fee,
                by=user,
                note=_("Fee for %(creator)s") % {"creator": current.creator.display_name},
            )
        except InsufficientFunds as error:
            raise CollaborationError(str(error)) from None
        current.completed_at = now
        fields.append("completed_at")
    StatusChange.objects.create(
        collaboration=current,
        from_status=current.status,
        to_status=to,
        by=user,
        note=revision_note.strip() if to == Status.REVISION else "",
    )
    current.status = to
    current.save(update_fields=fields)
    other = Side.BUSINESS if side == Side.CREATOR else Side.CREATOR
    _notify(current, to_side=other, email=to)
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
    _notify(collaboration, to_side=other, email="message", message=message, author=user)
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
