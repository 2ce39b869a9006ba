"""What every collaboration service shares: its refusal, the lock, the
checks on the campaign and the emails to the other side."""

import logging

from django.urls import reverse
from django.utils.translation import gettext as _

from brands.models import Business, Campaign
from collaborations.models import Collaboration, Side
from collaborations.selectors import fee_room
from core.emails import absolute_url, email_user, email_users
from core.money import format_money
from core.refusals import Refusal
from payments.models import Account, LedgerEntry

logger = logging.getLogger(__name__)
Status = Collaboration.Status
Kind = LedgerEntry.Kind
Pool = Account.Pool


class CollaborationError(Refusal):
    """A collaboration action that is not possible; the message is for the user."""


def lock_campaign(campaign):
    """Lock the campaign's business (the ledger's lock) and return a fresh campaign."""
    Business.objects.select_for_update().get(pk=campaign.business_id)
    return Campaign.objects.select_related("business").get(pk=campaign.pk)


def check_fee(campaign, fee):
    room = fee_room(campaign)
    if fee > room:
        raise CollaborationError(
            _(
                "The fee of %(fee)s is more than this campaign can still pay "
                "(%(room)s is left of its reserved budget)."
            )
            % {"fee": format_money(fee), "room": format_money(room)}
        )


def check_live(campaign):
    if campaign.status != Campaign.Status.LIVE:
        raise CollaborationError(_("This campaign is not taking creators at the moment."))


def notify(collaboration, *, to_side, email, **context):
    """Email the ``to_side`` of the collaboration, each person in their own language."""
    context = {
        **context,
        "collaboration": collaboration,
        "campaign": collaboration.campaign,
        "creator": collaboration.creator,
        "business": collaboration.campaign.business,
        "link": absolute_url(reverse("collaborations:detail", args=[collaboration.pk])),
        "draft_link": absolute_url(reverse("collaborations:draft", args=[collaboration.pk])),
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
