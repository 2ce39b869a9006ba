"""Everything that changes a business, its campaigns or its credit.

Money moves only here, always inside ``transaction.atomic`` with the business
row locked (``_lock_business``), so two requests of one business never spend
the same rupiah twice.
"""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from brands.models import Business, BusinessInvitation, BusinessMembership, Campaign, ShortlistEntry
from brands.selectors import (
    ZERO,
    balances_for_business,
    businesses_with_expired_credit,
    campaign_reservation,
    credit_due_to_expire,
    missing_for_launch,
)
from brands.signals import campaign_went_live
from core.emails import absolute_url, email_users, render_email, send_after_commit
from core.money import cents, format_money
from core.refusals import Refusal
from payments import ledger
from payments.models import Account, LedgerEntry
from payments.services import create_payment

Status = Campaign.Status
BUSINESS, STAFF = Campaign.BUSINESS, Campaign.STAFF
Kind = LedgerEntry.Kind
Pool = Account.Pool
AccountKind = Account.Kind
TOP_UP_PURPOSE = "business_top_up"


class CampaignError(Refusal):
    """A campaign action that is not possible; the message is for the user."""


class InsufficientFunds(CampaignError):
    pass


class InvitationError(Refusal):
    """An invitation that cannot be used; the message is for the user."""


def _lock_business(business_id):
    return Business.objects.select_for_update().get(pk=business_id)


def _credit_expiry():
    return timezone.now() + timedelta(days=settings.BUSINESS_CREDIT_EXPIRY_DAYS)


def pool_spec(business_id, pool):
    """The business's free paid balance or its free credit (``ledger.accounts`` spec)."""
    kind = AccountKind.BUSINESS_BALANCE if pool == Pool.BALANCE else AccountKind.BUSINESS_CREDIT
    return {"kind": kind, "business": business_id}


def reserve_spec(campaign, pool):
    """What ``campaign`` reserves from ``pool`` (``ledger.accounts`` spec)."""
    return {
        "kind": AccountKind.CAMPAIGN_RESERVE,
        "pool": pool,
        "business": campaign.business_id,
        "campaign": campaign,
    }


PROGRAMME = {"kind": AccountKind.CREDIT_PROGRAMME}


def _grant(*, business, amount, kind=Kind.GRANT, **fields):
    """Credit from the programme into the business's credit, expiring in due time."""
    return ledger.post(
        kind,
        ledger.moves([(PROGRAMME, pool_spec(business.pk, Pool.CREDIT), amount)]),
        business=business,
        expires_at=_credit_expiry(),
        **fields,
    )


def notify_business(*, business, email, context, path):
    """Email every member of ``business``, each in their own language, once the
    transaction commits; ``email`` names the templates in ``brands/emails/``
    and ``path`` the page the email links to."""
    email_users(
        business.members.only("email", "language", "full_name"),
        f"brands/emails/{email}",
        {**context, "business": business, "link": absolute_url(path)},
    )


# --- Businesses and teammates ---------------------------------------------


@transaction.atomic
def create_business(*, owner, name):
    """Create a business with ``owner`` as its first member, in the owner role."""
    business = Business.objects.create(name=name)
    BusinessMembership.objects.create(
        business=business, user=owner, role=BusinessMembership.Role.OWNER
    )
    return business


@transaction.atomic
def invite_teammate(*, business, email, role, invited_by):
    """Invite ``email`` to ``business`` and email them a link, in the inviter's
    language (the invitee may have no account yet). Re-inviting an address with
    an open invitation sends the same link again."""
    invitation, _created = BusinessInvitation.objects.get_or_create(
        business=business,
        email__iexact=email,
        accepted_at__isnull=True,
        defaults={"email": email, "role": role, "invited_by": invited_by},
    )
    link = absolute_url(reverse("brands:accept_invitation", args=[invitation.token]))
    subject, body = render_email(
        "brands/emails/invitation",
        {"business": business, "inviter": invited_by, "link": link},
        invited_by.language,
    )
    send_after_commit(subject=subject, body=body, to=[invitation.email])
    return invitation


@transaction.atomic
def accept_invitation(*, invitation, user):
    """Make ``user`` a member of the invitation's business, once, if the
    invitation was sent to their email address and has not expired."""
    invitation = BusinessInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise InvitationError(_("This invitation has already been used."))
    valid_days = timedelta(days=settings.BUSINESS_INVITATION_VALID_DAYS)
    if invitation.created_at + valid_days < timezone.now():
        raise InvitationError(_("This invitation has expired; ask for a new one."))
    if invitation.email.lower() != user.email.lower():
        raise InvitationError(
            _("This invitation was sent to another email address. Log in as %(email)s.")
            % {"email": invitation.email}
        )
    if user.is_creator:
        raise InvitationError(_("Creator accounts cannot join a business."))
    if not user.role:
        user.role = user.Role.BUSINESS
        user.save(update_fields=["role"])
    BusinessMembership.objects.get_or_create(
        business=invitation.business, user=user, defaults={"role": invitation.role}
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return invitation.business


# --- Credit ledger -----------------------------------------------------------


@transaction.atomic
def verify_business(*, business, staff):
    """Mark ``business`` verified and grant its one-time welcome credit.

    The welcome credit is given once per business and once per NIB (the
    database refuses a second one). Returns the welcome entry, or None when the
    business or its NIB already had it.
    """
    business = _lock_business(business.pk)
    if business.verified_at is None:
        business.verified_at = timezone.now()
        business.verified_by = staff
        business.save(update_fields=["verified_at", "verified_by", "updated_at"])
    already = LedgerEntry.objects.filter(is_welcome=True, business=business).exists() or (
        business.nib and LedgerEntry.objects.filter(is_welcome=True, nib=business.nib).exists()
    )
    if already:
        return None
    entry = _grant(
        business=business,
        amount=cents(settings.BUSINESS_WELCOME_CREDIT),
        is_welcome=True,
        nib=business.nib or "",
        note="Welcome credit",
        created_by=staff,
    )
    notify_business(
        business=business,
        email="verified",
        context={"entry": entry, "amount": cents(settings.BUSINESS_WELCOME_CREDIT)},
        path=reverse("brands:campaigns", args=[business.pk]),
    )
    return entry


@transaction.atomic
def grant_credit(*, business, amount, staff, note):
    """A staff grant of credit, recorded with who gave it and why."""
    amount = cents(amount)
    if amount <= 0:
        raise ValueError("A grant must be positive.")
    _lock_business(business.pk)
    return _grant(business=business, amount=amount, note=note, created_by=staff)


def start_top_up(*, business, user, amount, idempotency_key, return_url):
    """Ask the payment provider for a top-up of ``amount``. The ledger changes
    only when the provider confirms the payment (``record_top_up``)."""
    return create_payment(
        payer=user,
        amount=cents(amount),
        currency=settings.BUSINESS_CREDIT_CURRENCY,
        description=_("Top-up for %(business)s") % {"business": business.name},
        purpose=TOP_UP_PURPOSE,
        purpose_reference=str(business.pk),
        idempotency_key=f"top-up:{business.pk}:{idempotency_key}",
        return_url=return_url,
    )


@transaction.atomic
def record_top_up(*, payment):
    """Credit a paid top-up to the balance and match it 1-to-1 with credit up to
    ``BUSINESS_CREDIT_MATCH_CAP``. Once per payment (a unique constraint)."""
    business = _lock_business(int(payment.purpose_reference))
    if LedgerEntry.objects.filter(payment_reference=str(payment.reference)).exists():
        return
    ledger.post(
        Kind.TOP_UP,
        ledger.moves(
            [({"kind": AccountKind.MONEY_IN}, pool_spec(business.pk, Pool.BALANCE), payment.amount)]
        ),
        business=business,
        payment_reference=str(payment.reference),
        created_by=payment.payer,
    )
    room = cents(settings.BUSINESS_CREDIT_MATCH_CAP) - balances_for_business(business.pk).matched
    matched = min(payment.amount, max(room, ZERO))
    if matched > 0:
        _grant(
            business=business,
            amount=matched,
            kind=Kind.MATCH,
            payment_reference=str(payment.reference),
            created_by=payment.payer,
        )
    notify_business(
        business=business,
        email="top_up",
        context={"payment": payment, "matched": matched},
        path=reverse("brands:credit", args=[business.pk]),
    )


@transaction.atomic
def expire_credit(*, business_id, now=None):
    """Remove credit past its expiry date. Running it again changes nothing."""
    _lock_business(business_id)
    due = credit_due_to_expire(business_id, now or timezone.now())
    if due <= 0:
        return ZERO
    ledger.post(
        Kind.EXPIRE,
        ledger.moves([(pool_spec(business_id, Pool.CREDIT), PROGRAMME, due)]),
        business_id=business_id,
    )
    return due


def expire_all_credit(*, now=None):
    """``expire_credit`` for every business with credit past its date, each in
    its own transaction. Returns how many businesses lost credit."""
    now = now or timezone.now()
    return sum(
        1
        for business_id in businesses_with_expired_credit(now)
        if expire_credit(business_id=business_id, now=now)
    )


@dataclass(frozen=True)
class Split:
    from_balance: Decimal
    from_credit: Decimal


def split_payment(*, amount, balances, verified=True):
    """How ``amount`` is paid: the business's own balance first, then credit.

    A business not yet ``verified`` is told its welcome credit is still to come."""
    if amount > balances.available:
        message = _(
            "The budget is %(budget)s but you have %(available)s available. "
            "Top up or lower the budget."
        ) % {"budget": format_money(amount), "available": format_money(balances.available)}
        if not verified:
            message += " " + _(
                "Your Back to Business welcome credit of %(amount)s arrives once our team "
                "verifies your business."
            ) % {"amount": format_money(settings.BUSINESS_WELCOME_CREDIT)}
        raise InsufficientFunds(message)
    from_balance = min(amount, balances.balance)
    return Split(from_balance=from_balance, from_credit=amount - from_balance)


# --- Campaigns ----------------------------------------------------------------


def _reserve(campaign, by, *, verified):
    split = split_payment(
        amount=campaign.budget,
        balances=balances_for_business(campaign.business_id),
        verified=verified,
    )
    lines = ledger.moves(
        (pool_spec(campaign.business_id, pool), reserve_spec(campaign, pool), amount)
        for pool, amount in ((Pool.BALANCE, split.from_balance), (Pool.CREDIT, split.from_credit))
    )
    ledger.post(
        Kind.RESERVE, lines, business_id=campaign.business_id, campaign=campaign, created_by=by
    )
    return split


def _release(campaign, by):
    lines = ledger.moves(
        (reserve_spec(campaign, pool), pool_spec(campaign.business_id, pool), amount)
        for pool, amount in campaign_reservation(campaign.pk).items()
    )
    if lines:
        ledger.post(
            Kind.RELEASE, lines, business_id=campaign.business_id, campaign=campaign, created_by=by
        )


def _move(campaign, to, *, by, side=None, note=""):
    """Move ``campaign`` to status ``to``: the one place a status changes.

    Locks the business, refuses a move that ``Campaign.TRANSITIONS`` does not
    allow (to ``side``, when given; nothing changes), reserves the budget when a
    campaign starts to hold money and releases what is left when it stops, and
    records who and when.
    Returns the reservation split when one was made.
    """
    business = _lock_business(campaign.business_id)
    current = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if not current.can_become(to, side):
        raise CampaignError(
            _("A campaign that is %(current)s cannot become %(new)s.")
            % {"current": current.get_status_display().lower(), "new": Status(to).label.lower()}
        )
    split = None
    holds_money = Campaign.RESERVING_STATUSES
    if to in holds_money and current.status not in holds_money:
        split = _reserve(current, by, verified=business.is_verified)
    elif to not in holds_money and current.status in holds_money:
        _release(current, by)
    campaign.history.create(from_status=current.status, to_status=to, changed_by=by, note=note)
    campaign.status = to
    if to in {Status.LIVE, Status.DRAFT}:
        campaign.review_note = note if to == Status.DRAFT else ""
    campaign.save(update_fields=["status", "review_note", "updated_at"])
    if to == Status.LIVE:
        # Going live (first approval, resume, or approval after a changed brief
        # or targeting, which always goes back to review) starts a match run.
        campaign_went_live.send(sender=Campaign, campaign_id=campaign.pk)
    return split


@transaction.atomic
def launch_campaign(*, campaign, user):
    """Submit a finished draft for review and reserve its whole budget, from the
    paid balance first and then from credit. Returns the ``Split``.

    Raises ``CampaignError`` (nothing changes) when a step is incomplete or the
    business cannot cover the budget, even with launches at the same moment.
    """
    _lock_business(campaign.business_id)
    # Checked on a fresh copy under the lock: the budget reserved is the one saved.
    missing = missing_for_launch(Campaign.objects.get(pk=campaign.pk))
    if missing:
        raise CampaignError(" ".join(missing))
    split = _move(campaign, Status.SUBMITTED, by=user, side=BUSINESS)
    _notify_about(campaign, "submitted", split=split)
    return split


def _notify_about(campaign, email, **context):
    notify_business(
        business=campaign.business,
        email=email,
        context={**context, "campaign": campaign},
        path=reverse("brands:campaign_detail", args=[campaign.pk]),
    )


@transaction.atomic
def approve_campaign(*, campaign, staff):
    """Staff approve a submitted campaign: it goes live."""
    _move(campaign, Status.LIVE, by=staff, side=STAFF)
    _notify_about(campaign, "approved")


@transaction.atomic
def send_back_campaign(*, campaign, staff, reason):
    """Staff return a submitted campaign to draft with a reason the business
    sees; its reservation is released until it is launched again."""
    if not reason.strip():
        raise CampaignError(_("Say what the business should change."))
    _move(campaign, Status.DRAFT, by=staff, side=STAFF, note=reason)
    _notify_about(campaign, "sent_back", reason=reason)


@transaction.atomic
def pause_campaign(*, campaign, user):
    _move(campaign, Status.PAUSED, by=user, side=BUSINESS)


@transaction.atomic
def resume_campaign(*, campaign, user):
    _move(campaign, Status.LIVE, by=user, side=BUSINESS)


@transaction.atomic
def cancel_campaign(*, campaign, user):
    """Cancel for good; whatever is still reserved goes back where it came from."""
    _move(campaign, Status.CANCELLED, by=user, side=BUSINESS)


@transaction.atomic
def complete_campaign(*, campaign, user):
    _move(campaign, Status.COMPLETED, by=user)


def _save_fields(campaign, values, *also):
    """Save ``values`` (``{field: value}``, many-to-many too) and ``also``, no other field."""
    related = {field.name for field in Campaign._meta.many_to_many} & values.keys()
    for name in values.keys() - related:
        setattr(campaign, name, values[name])
    campaign.save(update_fields=[*(values.keys() - related), *also, "updated_at"])
    for name in related:
        getattr(campaign, name).set(values[name])


@transaction.atomic
def save_campaign_step(*, campaign, step, values):
    """Save one wizard step of a draft: ``values`` are that step's fields,
    ``{name: value}``; later steps keep what they had. Returns the campaign."""
    if campaign.status != Status.DRAFT:
        raise CampaignError(_("Only drafts can be changed in the wizard."))
    campaign.completed_step = max(campaign.completed_step, step)
    _save_fields(campaign, values, "completed_step")
    return campaign


@transaction.atomic
def edit_campaign_brief(*, campaign, values, user):
    """Save the brief of a launched campaign (``values``: ``{field: value}``); a
    live or paused campaign whose brief changed goes back to review. Returns the
    names of the fields that changed, sorted (none: nothing was saved)."""
    _lock_business(campaign.business_id)
    stored = Campaign.objects.get(pk=campaign.pk)
    if stored.status not in Campaign.RESERVING_STATUSES:
        raise CampaignError(_("Only launched campaigns have their brief edited here."))
    changed = {name: value for name, value in values.items() if getattr(stored, name) != value}
    if changed:
        _save_fields(stored, changed)
    if changed and stored.status != Status.SUBMITTED:
        _move(stored, Status.SUBMITTED, by=user, side=BUSINESS, note=_("The brief was changed."))
    return sorted(changed)


def add_to_shortlist(*, campaign, creator, user):
    """Put ``creator`` on the campaign's shortlist; adding them again changes nothing.
    Returns whether they were added now."""
    _entry, created = ShortlistEntry.objects.get_or_create(
        campaign=campaign, creator=creator, defaults={"added_by": user}
    )
    return created


def remove_from_shortlist(*, campaign, creator_id):
    """Take the creator off the campaign's shortlist (nothing happens if they were not on it).
    Returns whether they were removed."""
    deleted, _by_model = ShortlistEntry.objects.filter(
        campaign=campaign, creator_id=creator_id
    ).delete()
    return bool(deleted)
