from dataclasses import dataclass
from decimal import Decimal

from django.db.models import DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce

from brands.models import Business, BusinessMembership, Campaign, LedgerEntry

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
Kind = LedgerEntry.Kind
Pool = LedgerEntry.Pool


def memberships_for_user(user):
    """The user's business memberships, each with its business."""
    return (
        BusinessMembership.objects.filter(user=user)
        .select_related("business")
        .order_by("business__name")
    )


def businesses_for_user(user, *, owner=False):
    """Businesses ``user`` belongs to (only those they own with ``owner=True``)."""
    memberships = Q(memberships__user=user)
    if owner:
        memberships &= Q(memberships__role=BusinessMembership.Role.OWNER)
    return Business.objects.filter(memberships)


def campaigns_for_user(user):
    """Campaigns of every business ``user`` belongs to."""
    return Campaign.objects.filter(business__memberships__user=user).select_related("business")


def _sum(condition):
    return Coalesce(
        Sum("amount", filter=condition),
        Value(ZERO),
        output_field=DecimalField(max_digits=16, decimal_places=2),
    )


@dataclass(frozen=True)
class Balances:
    balance: Decimal  # the business's own paid money, free to use
    credit: Decimal  # Back to Business credit, free to use
    reserved: Decimal  # held for submitted, live and paused campaigns
    matched: Decimal  # credit received so far by matching top-ups

    @property
    def available(self):
        return self.balance + self.credit


def balances_for_business(business_id):
    """What a business holds, summed from its ledger in one query."""
    totals = LedgerEntry.objects.filter(business_id=business_id).aggregate(
        balance=_sum(Q(pool=Pool.BALANCE)),
        credit=_sum(Q(pool=Pool.CREDIT)),
        reserved=_sum(Q(kind__in=[Kind.RESERVE, Kind.RELEASE])),
        matched=_sum(Q(kind=Kind.MATCH)),
    )
    # SQLite sums decimals with floating point; cents are exact again once rounded.
    totals = {name: total.quantize(CENT) for name, total in totals.items()}
    return Balances(
        balance=totals["balance"],
        credit=totals["credit"],
        reserved=-totals["reserved"],
        matched=totals["matched"],
    )


def campaign_reservation(campaign_id):
    """What is still held for a campaign, per pool: ``{pool: amount}``."""
    rows = (
        LedgerEntry.objects.filter(campaign_id=campaign_id, kind__in=[Kind.RESERVE, Kind.RELEASE])
        .values("pool")
        .annotate(total=Sum("amount"))
    )
    return {row["pool"]: -row["total"].quantize(CENT) for row in rows if row["total"]}


def credit_due_to_expire(business_id, now):
    """Credit whose expiry date has passed and that is still unused.

    Credit is used in order of expiry, so what has been used counts first
    against the lots that expire first.
    """
    totals = LedgerEntry.objects.filter(business_id=business_id).aggregate(
        expired_lots=_sum(Q(kind__in=[Kind.GRANT, Kind.MATCH], expires_at__lte=now)),
        used=_sum(Q(pool=Pool.CREDIT, kind__in=[Kind.RESERVE, Kind.RELEASE, Kind.SPEND])),
        already_expired=_sum(Q(kind=Kind.EXPIRE)),
        credit=_sum(Q(pool=Pool.CREDIT)),
    )
    totals = {name: total.quantize(CENT) for name, total in totals.items()}
    used = max(-totals["used"], ZERO)
    due = totals["expired_lots"] - used + totals["already_expired"]
    return max(min(due, totals["credit"]), ZERO)


def ledger_for_business(business_id):
    return LedgerEntry.objects.filter(business_id=business_id).select_related("campaign")
