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

import logging
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from brands.models import Business, Campaign
from brands.selectors import campaign_reservation
from brands.services import pool_spec, reserve_spec
from collaborations.models import Collaboration, Message, Rating, Side, StatusChange
from collaborations.selectors import fee_room, side_of
from core.emails import absolute_url, email_user, email_users
from core.money import format_money, share
from core.refusals import Refusal
from creators.models.profiles import CreatorProfile
from payments import ledger
from payments.models import Account, LedgerEntry, LedgerLine

logger = logging.getLogger(__name__)
Status = Collaboration.Status
Kind = LedgerEntry.Kind
Pool = Account.Pool


class CollaborationError(Refusal):
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
            % {"fee": format_money(fee), "room": format_money(room)}
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
    StatusChange.objects.create(collaboration=collaboration, to_status=status, changed_by=user)
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
        _check_live(campaign)
        _check_fee(campaign, current.fee)
        hold_fee(current, by=user)
        current.accepted_at = now
        fields.append("accepted_at")
    elif to == Status.CANCELLED:
        return_hold(current, by=user)
        current.cancelled_at = now
        fields.append("cancelled_at")
    elif to == Status.SUBMITTED:
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
        note=revision_note.strip() if to == Status.REVISION else "",
    )
    current.status = to
    current.save(update_fields=fields)
    other = Side.BUSINESS if side == Side.CREATOR else Side.CREATOR
    _notify(current, to_side=other, email=to, side=other)
    return current


# --- The held fee -------------------------------------------------------------------


def hold_spec(collaboration, pool):
    """What is held for ``collaboration`` from ``pool`` (``ledger.accounts`` spec)."""
    return {
        "kind": Account.Kind.COLLABORATION_HOLD,
        "pool": pool,
        "business": collaboration.campaign.business_id,
        "campaign": collaboration.campaign_id,
        "collaboration": collaboration,
        "creator": collaboration.creator_id,
    }


def held(collaboration):
    """What is held for ``collaboration``, per pool: ``{pool: amount}``."""
    return ledger.by_pool(
        LedgerLine.objects.filter(
            account__collaboration=collaboration, account__kind=Account.Kind.COLLABORATION_HOLD
        )
    )


def _entry_fields(collaboration, by):
    return {
        "business_id": collaboration.campaign.business_id,
        "campaign_id": collaboration.campaign_id,
        "collaboration": collaboration,
        "creator_id": collaboration.creator_id,
        "created_by": by,
    }


def hold_fee(collaboration, *, by):
    """Move the agreed fee from the campaign's reserve into the collaboration's
    hold, from the paid balance first and then credit. The caller has checked
    that the reserve covers it (``_check_fee``) under the business lock."""
    campaign = collaboration.campaign
    reserved = campaign_reservation(campaign.pk)
    remaining = collaboration.fee
    pairs = []
    for pool in (Pool.BALANCE, Pool.CREDIT):
        part = min(remaining, reserved.get(pool, ledger.ZERO))
        pairs.append((reserve_spec(campaign, pool), hold_spec(collaboration, pool), part))
        remaining -= part
    if remaining > 0:  # _check_fee said it fits; the reserve changed under the lock
        raise CollaborationError(_("This campaign can no longer pay this fee."))
    ledger.post(
        Kind.HOLD,
        ledger.moves(pairs),
        reference=f"hold:{collaboration.pk}",
        **_entry_fields(collaboration, by),
    )


def return_hold(collaboration, *, by):
    """Give the held fee back: to the campaign's reserve while the campaign still
    reserves money, otherwise to the business's own balance and credit."""
    campaign = collaboration.campaign
    reserving = campaign.status in Campaign.RESERVING_STATUSES
    lines = ledger.moves(
        (
            hold_spec(collaboration, pool),
            reserve_spec(campaign, pool) if reserving else pool_spec(campaign.business_id, pool),
            amount,
        )
        for pool, amount in held(collaboration).items()
    )
    if lines:
        ledger.post(
            Kind.RETURN,
            lines,
            reference=f"return:{collaboration.pk}",
            **_entry_fields(collaboration, by),
        )


def pay_hold(collaboration, *, by):
    """Release the held fee to the creator's earnings, less the platform's fee.
    Once per collaboration: a second release is refused by the ledger."""
    holds = held(collaboration)
    total = sum(holds.values(), ledger.ZERO)
    if total <= 0:
        raise CollaborationError(_("There is no fee held for this collaboration."))
    platform = share(total, settings.COLLABORATION_PLATFORM_FEE_PERCENT)
    pools = list(holds)
    *held_in, earnings, platform_fees = ledger.accounts(
        *(hold_spec(collaboration, pool) for pool in pools),
        {"kind": Account.Kind.CREATOR_EARNINGS, "creator": collaboration.creator_id},
        {"kind": Account.Kind.PLATFORM_FEES},
    )
    lines = [(acc, -holds[pool]) for acc, pool in zip(held_in, pools, strict=True)]
    lines += [(earnings, total - platform), (platform_fees, platform)]
    try:
        ledger.post(
            Kind.PAY,
            lines,
            reference=f"pay:{collaboration.pk}",
            **_entry_fields(collaboration, by),
        )
    except ledger.AlreadyPosted:
        raise CollaborationError(_("This fee has already been paid.")) from None


def release_unanswered(*, collaboration_id, now=None):
    """Approve a submission the business has not answered within
    ``COLLABORATION_AUTO_RELEASE_HOURS``, releasing the fee, and tell both sides.
    Returns the collaboration, or None when there was nothing to release (it was
    answered in the meantime, or is not due yet)."""
    now = now or timezone.now()
    with transaction.atomic():
        found = Collaboration.objects.filter(pk=collaboration_id).select_related("campaign").first()
        if found is None:
            return None
        campaign = _lock(found.campaign)
        current = (
            Collaboration.objects.select_for_update(of=("self",))
            .select_related("creator__user")
            .get(pk=collaboration_id)
        )
        current.campaign = campaign
        due = current.release_due_at
        if due is None or due > now:
            return None
        pay_hold(current, by=None)
        StatusChange.objects.create(
            collaboration=current,
            from_status=current.status,
            to_status=Status.APPROVED,
            changed_by=None,
            note=_("Approved automatically: the business did not answer in time."),
        )
        current.status = Status.APPROVED
        current.approved_at = now
        current.approved_automatically = True
        current.save(
            update_fields=["status", "approved_at", "approved_automatically", "updated_at"]
        )
        for side in (Side.CREATOR, Side.BUSINESS):
            _notify(current, to_side=side, email="released", side=side)
    return current


def unanswered_due(now=None):
    """Ids of submitted collaborations whose answer time has run out."""
    cutoff = (now or timezone.now()) - timedelta(hours=settings.COLLABORATION_AUTO_RELEASE_HOURS)
    return Collaboration.objects.filter(
        status=Status.SUBMITTED, submitted_at__lte=cutoff
    ).values_list("pk", flat=True)


def release_all_unanswered(now=None):
    """``release_unanswered`` for every submission whose answer time has run
    out, each in its own transaction, so one failure (logged) does not hold
    back the others; safe to run any number of times. Returns how many were
    released."""
    released = 0
    for collaboration_id in list(unanswered_due(now)):
        try:
            if release_unanswered(collaboration_id=collaboration_id, now=now):
                released += 1
        except Exception:
            logger.exception("Could not release the fee of collaboration %s", collaboration_id)
    return released


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
