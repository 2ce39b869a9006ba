from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReconciliationConfig(AppConfig):
    """The daily comparison of the ledger with the payment gateway's own report."""

    name = "reconciliation"
    verbose_name = _("Reconciliation")
