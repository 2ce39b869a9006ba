"""One numbered receipt per paid Series purchase or business top-up."""

import logging

from django.db import IntegrityError, transaction
from django.urls import reverse

from billing.models import DocumentCounter, Receipt
from billing.services.numbering import next_number
from brands.models import Business
from core.emails import absolute_url, email_user
from payments.models import Payment
from series.models import Series

logger = logging.getLogger(__name__)

# What a payment's provider may say about how it was paid, most precise first


def _what_was_bought(payment):
    """``(item, detail)``: the Series' title and its creator's name, or the
    business's name."""
    if payment.purpose == Receipt.Kind.SERIES_PURCHASE:
        series = (
            Series.objects.select_related("creator")
            .only("title", "creator__display_name")
            .get(pk=int(payment.purpose_reference))
        )
        return series.title, series.creator.display_name
    business = Business.objects.only("name").get(pk=int(payment.purpose_reference))
    return business.name, ""


def payment_method(payment):
    """How the payment was made, kept as ``<method>`` or ``<method>:<channel>``
    (``ewallet:OVO``, ``virtual_account:BCA``, ``qris``) and shown in the
    reader's language by ``Receipt.method_label``; the provider's name when
    the payment records no method."""
    if payment.method:
        channel = payment.channel if payment.method != Payment.Method.QRIS else ""
        return f"{payment.method}:{channel}"[:100].rstrip(":")
    return payment.provider


def issue_receipt(*, payment):
    """The receipt of a paid ``payment`` for a Series or a top-up, issued and
    emailed to the payer the first time; the same receipt every later time
    (a replayed notification, a signal sent twice). None for other payments."""
    if payment.purpose not in Receipt.Kind.values or payment.status != Payment.Status.PAID:
        return None
    existing = Receipt.objects.filter(payment=payment).first()
    if existing:
        return existing
    item, detail = _what_was_bought(payment)
    payer = payment.payer
    try:
        # The number and the receipt together: a refused receipt gives the number back.
        with transaction.atomic():
            receipt = Receipt.objects.create(
                number=next_number(DocumentCounter.Kind.RECEIPT),
                payment=payment,
                payer=payer,
                payer_name=payer.get_full_name(),
                kind=payment.purpose,
                item=item,
                item_detail=detail,
                amount=payment.amount,
                currency=payment.currency,
                method=payment_method(payment),
                paid_at=payment.completed_at,
            )
    except IntegrityError:
        return Receipt.objects.get(payment=payment)
    email_user(
        payer,
        "billing/emails/receipt",
        {
            "receipt": receipt,
            "link": absolute_url(reverse("billing:receipt", args=[receipt.number])),
            "pdf_link": absolute_url(reverse("billing:receipt_pdf", args=[receipt.number])),
        },
    )
    logger.info("Receipt %s issued for payment %s", receipt.number, payment.reference)
    return receipt
