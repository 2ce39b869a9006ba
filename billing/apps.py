from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BillingConfig(AppConfig):
    """Numbered receipts for buyers, monthly invoices for businesses and
    statements as PDF for creators."""

    name = "billing"
    verbose_name = _("Receipts and invoices")
