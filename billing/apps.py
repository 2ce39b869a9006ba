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
        from django.db.models.signals import post_delete, post_save

        from billing.models import Invoice, Receipt
        from billing.selectors import document_changed
        from payments.signals import payment_succeeded

        # The lists of receipts and invoices are kept until one is issued.
        for model in (Invoice, Receipt):
            for signal, event in ((post_save, "saved"), (post_delete, "deleted")):
                uid = f"billing-lists:{model.__name__}:{event}"
                signal.connect(document_changed, sender=model, dispatch_uid=uid)

        payment_succeeded.connect(
            issue_receipt_for_payment, dispatch_uid="billing.issue_receipt_for_payment"
        )
