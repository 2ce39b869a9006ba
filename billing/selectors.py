"""Reads: a business's month from the ledger, and the lists people see."""

from datetime import date, datetime

from django.db.models import Q, Sum
from django.utils import timezone

from billing.models import Invoice, Receipt
from billing.services.numbering import JAKARTA
from brands.models import BusinessMembership
from brands.selectors import kept_memberships
from core import versions
from core.models import User
from core.money import cents
from core.pagination import kept_page
from payments.ledger import ZERO, sums
from payments.models import Account, LedgerEntry, LedgerLine

Kind = LedgerEntry.Kind
AccountKind = Account.Kind

# The invoice's figures: {field: (entry kinds, account kind, sign)}. Each sums
# the entries' lines on that kind of account; the sign makes money leaving it
# (credit used, fees returned from the hold) read as a positive figure.
FIGURES = {
    "top_ups": ([Kind.TOP_UP], AccountKind.BUSINESS_BALANCE, 1),
    "credit_granted": ([Kind.GRANT, Kind.MATCH], AccountKind.BUSINESS_CREDIT, 1),
    # As brands' own sum of credit used (``credit_due_to_expire``).
    "credit_used": (
        [Kind.RESERVE, Kind.RELEASE, Kind.SPEND, Kind.RETURN],
        AccountKind.BUSINESS_CREDIT,
        -1,
    ),
    "credit_expired": ([Kind.EXPIRE], AccountKind.BUSINESS_CREDIT, -1),
    "fees_held": ([Kind.HOLD], AccountKind.COLLABORATION_HOLD, 1),
    "paid_to_creators": ([Kind.PAY], AccountKind.CREATOR_EARNINGS, 1),
    "returned": ([Kind.RETURN], AccountKind.COLLABORATION_HOLD, -1),
    "platform_fees": ([Kind.PAY], AccountKind.PLATFORM_FEES, 1),
}


def month_bounds(month):
    """``[start, end)`` of the calendar month of ``month`` in Asia/Jakarta."""
    following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return (
        datetime(month.year, month.month, 1, tzinfo=JAKARTA),
        datetime(following.year, following.month, 1, tzinfo=JAKARTA),
    )


def previous_month(now=None):
    """The first day of the month before ``now``'s, in Asia/Jakarta."""
    today = timezone.localtime(now or timezone.now(), JAKARTA).date()
    last_day = today.replace(day=1).toordinal() - 1
    return date.fromordinal(last_day).replace(day=1)


def _entries(month):
    start, end = month_bounds(month)
    return LedgerEntry.objects.filter(
        created_at__gte=start, created_at__lt=end, business__isnull=False
    )


def businesses_to_invoice(month):
    """``(business id, currency)`` of every business with a movement in ``month``."""
    return list(
        _entries(month).values_list("business_id", "currency").distinct().order_by("business_id")
    )


def month_figures(business_id, month, currency):
    """The invoice's figures for a business's month, in one query."""
    start, end = month_bounds(month)
    lines = LedgerLine.objects.filter(
        entry__business_id=business_id,
        entry__currency=currency,
        entry__created_at__gte=start,
        entry__created_at__lt=end,
    )
    totals = sums(
        lines,
        **{
            name: Q(entry__kind__in=kinds, account__kind=account)
            for name, (kinds, account, _sign) in FIGURES.items()
        },
    )
    return {name: totals[name] * sign for name, (_k, _a, sign) in FIGURES.items()}


def month_items(business_id, month, currency):
    """Each movement of the business's month, oldest first, as the invoice keeps
    it: ``{"at", "kind", "note", "amount"}`` (the amount the entry moved)."""
    entries = (
        _entries(month)
        .filter(business_id=business_id, currency=currency)
        .select_related("campaign", "collaboration__creator")
        .annotate(moved=Sum("lines__amount", filter=Q(lines__amount__gt=0), default=ZERO))
        .order_by("created_at", "pk")
    )
    items = []
    for entry in entries:
        notes = []
        if entry.campaign:
            notes.append(str(entry.campaign))
        if entry.collaboration:
            notes.append(entry.collaboration.creator.display_name)
        items.append(
            {
                "at": entry.created_at.isoformat(),
                "kind": entry.kind,
                "note": " · ".join(notes),
                "amount": str(cents(entry.moved)),
            }
        )
    return items


# The columns the lists of receipts and invoices show (and their rows' cache keys read).
RECEIPT_LIST_FIELDS = ("number", "paid_at", "kind", "item", "amount", "currency")
INVOICE_LIST_FIELDS = ("number", "month", "business_name", "top_ups", "currency")


def receipts_for(user):
    return Receipt.objects.filter(payer=user)


def receipts_version(user_id):
    """The version of a person's list of receipts, moved on by every receipt
    issued to them or deleted (``billing.apps``)."""
    return f"receipts:{user_id}"


def invoices_version(business_id):
    """The version of a business's invoices, moved on by every invoice issued
    or deleted (``billing.apps``)."""
    return f"invoices:{business_id}"


def receipt_page(user, number, per_page):
    """Page ``number`` of ``user``'s receipts, kept until one is issued."""
    return kept_page(
        f"receipt-page:{user.pk}",
        [receipts_version(user.pk)],
        lambda: receipts_for(user).only(*RECEIPT_LIST_FIELDS),
        number,
        per_page,
    )


def invoice_page(user, number, per_page):
    """Page ``number`` of the invoices of ``user``'s businesses, kept until
    one is issued or the businesses ``user`` belongs to change.

    The businesses come from ``kept_memberships`` (kept under the person's
    memberships version) and the page is read for exactly those businesses,
    so the kept page depends only on their ids (in its key) and their invoices'
    versions: one round trip for the memberships, one for the invoices."""
    business_ids = sorted(membership.business_id for membership in kept_memberships(user))
    return kept_page(
        f"invoice-page:{user.pk}:{','.join(map(str, business_ids))}",
        [invoices_version(business_id) for business_id in business_ids],
        lambda: Invoice.objects.filter(business_id__in=business_ids).only(*INVOICE_LIST_FIELDS),
        number,
        per_page,
    )


def document_changed(sender, instance, **kwargs):
    """Receiver for saves and deletions of receipts and invoices."""
    if isinstance(instance, Receipt):
        versions.bump(receipts_version(instance.payer_id))
    else:
        versions.bump(invoices_version(instance.business_id))


def receipt_rows_version(receipts):
    """Every value the rows of ``receipts`` (a page of the list) show, for
    their cached fragment's key. A receipt is a snapshot, never changed: the
    key holds its values all the same."""
    return ";".join(
        f"{receipt.number}|{receipt.paid_at.isoformat()}|{receipt.kind}|{receipt.item}|"
        f"{receipt.amount}|{receipt.currency}"
        for receipt in receipts
    )


def invoices_for(user):
    """Invoices of every business ``user`` belongs to."""
    return Invoice.objects.filter(
        business__in=BusinessMembership.objects.filter(user=user).values("business_id")
    )


def invoice_members(invoice):
    """The people an invoice is emailed to: its business's members."""
    return User.objects.filter(business_memberships__business_id=invoice.business_id).only(
        "email", "language", "full_name"
    )
