"""The fee held for a collaboration in the ledger: held on acceptance, paid to
the creator on approval (or automatically once the business leaves a submission
unanswered), given back when the collaboration is cancelled."""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from brands.models import Campaign
from brands.selectors import campaign_reservation
from brands.services import pool_spec, reserve_spec
from collaborations.models import Collaboration, Side, StatusChange
from collaborations.services.common import CollaborationError, lock_campaign, notify
from core.money import share
from payments import ledger
from payments.models import Account, LedgerEntry, LedgerLine

logger = logging.getLogger(__name__)
Status = Collaboration.Status
Kind = LedgerEntry.Kind
Pool = Account.Pool


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
        campaign = lock_campaign(found.campaign)
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
            notify(current, to_side=side, email="released", side=side)
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
