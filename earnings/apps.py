from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EarningsConfig(AppConfig):
    name = "earnings"
    verbose_name = _("Earnings and payouts")

    def ready(self):
        from core import versions
        from earnings.models import (
            IdentityCheck,
            Payout,
            PayoutFreeze,
            PayoutMethod,
            Statement,
            TaxDetails,
        )
        from earnings.signals import row_changed
        from payments.models import LedgerEntry

        # What the earnings page shows, kept under the creator's earnings version.
        shown = (LedgerEntry, Payout, Statement, PayoutMethod, TaxDetails, IdentityCheck)
        versions.on_change(row_changed, *shown, PayoutFreeze, uid="earnings.version")
