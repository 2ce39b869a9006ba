"""Receipts, invoices and creator statements as ``pdf.Document``s, in the
active language (callers set the owner's)."""

from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from billing.models import Receipt
from billing.pdf import Document
from billing.services.numbering import JAKARTA
from core.money import format_money
from payments.models import LedgerEntry


def local(moment):
    """A moment as people in Jakarta read it."""
    return date_format(timezone.localtime(moment, JAKARTA), "DATETIME_FORMAT")


def seller():
    return [settings.BILLING_SELLER_NAME, *settings.BILLING_SELLER_ADDRESS]


def footer():
    return _("%(seller)s · Thank you.") % {"seller": settings.BILLING_SELLER_NAME}


def receipt_description(receipt):
    """What was bought, in the active language."""
    if receipt.kind == Receipt.Kind.SERIES_PURCHASE:
        return _("Series “%(title)s” by %(creator)s") % {
            "title": receipt.item,
            "creator": receipt.item_detail,
        }
    return _("Top-up of the business balance: %(business)s") % {"business": receipt.item}


def receipt_document(receipt):
    amount = format_money(receipt.amount, receipt.currency)
    payer = [receipt.payer_name]
    if receipt.payer.email != receipt.payer_name:
        payer.append(receipt.payer.email)
    return Document(
        title=_("Receipt"),
        number=receipt.number,
        dates=[(_("Paid"), local(receipt.paid_at)), (_("Issued"), local(receipt.issued_at))],
        parties=[(_("From"), seller()), (_("Paid by"), payer)],
        columns=[_("Description"), _("Amount")],
        rows=[[receipt_description(receipt), amount]],
        totals=[(_("Total paid"), amount)],
        notes=[_("Paid with: %(method)s") % {"method": receipt.method_label}]
        if receipt.method
        else [],
        footer=footer(),
    )


FIGURE_LABELS = {
    "top_ups": lambda: _("Top-ups"),
    "credit_granted": lambda: _("Back to Business credit granted"),
    "credit_used": lambda: _("Back to Business credit used"),
    "credit_expired": lambda: _("Back to Business credit expired"),
    "fees_held": lambda: _("Collaboration fees held"),
    "paid_to_creators": lambda: _("Paid to creators"),
    "returned": lambda: _("Held fees returned"),
    "platform_fees": lambda: _("Platform fees"),
}


def invoice_figures(invoice):
    """``[(label, amount)]`` of an invoice's totals, in order."""
    return [(label(), getattr(invoice, name)) for name, label in FIGURE_LABELS.items()]


def invoice_items(invoice):
    """The invoice's movements with their dates and kinds for people."""
    kinds = dict(LedgerEntry.Kind.choices)
    return [
        {
            "at": parse_datetime(item["at"]),
            "kind": kinds.get(item["kind"], item["kind"]),
            "note": item["note"],
            "amount": item["amount"],
        }
        for item in invoice.items
    ]


def invoice_document(invoice):
    month = date_format(invoice.month, "YEAR_MONTH_FORMAT")
    return Document(
        title=_("Invoice"),
        number=invoice.number,
        dates=[(_("Month"), month), (_("Issued"), local(invoice.issued_at))],
        parties=[(_("From"), seller()), (_("To"), [invoice.business_name])],
        columns=[_("Date"), _("Movement"), _("Amount")],
        rows=[
            [
                local(item["at"]),
                " · ".join(filter(None, [str(item["kind"]), item["note"]])),
                format_money(item["amount"], invoice.currency),
            ]
            for item in invoice_items(invoice)
        ],
        totals=[
            (label, format_money(amount, invoice.currency))
            for label, amount in invoice_figures(invoice)
        ],
        last_total_is_grand=False,
        footer=footer(),
    )


def statement_document(statement, lines, creator):
    """A creator's statement: the same figures and lines as its CSV."""
    month = date_format(statement.month, "YEAR_MONTH_FORMAT")
    return Document(
        title=_("Statement"),
        number=f"{month} · {statement.currency}",
        dates=[(_("Made"), local(statement.created_at))],
        parties=[(_("From"), seller()), (_("For"), [creator.display_name, creator.user.email])],
        columns=[_("Date"), _("Movement"), _("Note"), _("Amount")],
        rows=[
            [
                local(line.entry.created_at),
                line.entry.get_kind_display(),
                line.entry.note,
                format_money(line.amount, statement.currency),
            ]
            for line in lines
        ],
        totals=[
            (label, format_money(amount, statement.currency))
            for label, amount in statement.figures()
        ],
        last_total_is_grand=False,
        footer=footer(),
    )
