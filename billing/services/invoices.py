"""Monthly invoices for businesses, from the ledger."""

import logging

from django.db import IntegrityError, transaction
from django.urls import reverse

from billing import selectors
from billing.models import DocumentCounter, Invoice
from billing.services.numbering import next_number
from brands.models import Business
from core.emails import absolute_url, email_users

logger = logging.getLogger(__name__)


def issue_invoice(*, business_id, month, currency):
    """The invoice of a business's ``month`` (its first day) in ``currency``,
    issued from the ledger and emailed to the business's members the first
    time; the same invoice every later time. Returns ``(invoice, created)``."""
    existing = Invoice.objects.filter(business_id=business_id, month=month, currency=currency)
    if invoice := existing.first():
        return invoice, False
    business = Business.objects.only("name").get(pk=business_id)
    try:
        with transaction.atomic():
            invoice = Invoice.objects.create(
                number=next_number(DocumentCounter.Kind.INVOICE),
                business=business,
                business_name=business.name,
                month=month,
                currency=currency,
                items=selectors.month_items(business_id, month, currency),
                **selectors.month_figures(business_id, month, currency),
            )
    except IntegrityError:
        return existing.get(), False
    email_users(
        selectors.invoice_members(invoice),
        "billing/emails/invoice",
        {
            "invoice": invoice,
            "link": absolute_url(reverse("billing:invoice", args=[invoice.number])),
            "pdf_link": absolute_url(reverse("billing:invoice_pdf", args=[invoice.number])),
        },
    )
    logger.info("Invoice %s issued for business %s", invoice.number, business_id)
    return invoice, True


def issue_monthly_invoices(*, month=None):
    """An invoice for every business with money movements in ``month`` (the
    previous month in Asia/Jakarta when None), each in its own transaction.
    Running it again issues nothing twice. Returns how many were issued."""
    month = month or selectors.previous_month()
    issued = 0
    for business_id, currency in selectors.businesses_to_invoice(month):
        with transaction.atomic():
            _invoice, created = issue_invoice(
                business_id=business_id, month=month, currency=currency
            )
        issued += created
    return issued
