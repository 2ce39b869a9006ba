from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def issue_receipt_for_payment(sender, payment, **kwargs):
    from billing.services.receipts import issue_receipt

    issue_receipt(payment=payment)


class BillingConfig(AppConfig):
    """Numbered receipts for buyers, monthly invoices for businesses and
    statements as PDF for creators."""

    name = "billing"
    verbose_name = _("Receipts and invoices")

    def ready(self):
        from billing.models import Invoice, Receipt
        from billing.selectors import document_changed
        from core import versions
        from payments.signals import payment_succeeded

        # The lists of receipts and invoices are kept until one is issued.
        versions.on_change(document_changed, Invoice, Receipt, uid="billing-lists")

        payment_succeeded.connect(
            issue_receipt_for_payment, dispatch_uid="billing.issue_receipt_for_payment"
        )
