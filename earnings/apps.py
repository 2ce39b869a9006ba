from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EarningsConfig(AppConfig):
    name = "earnings"
    verbose_name = _("Earnings and payouts")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

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
        for model in (*shown, PayoutFreeze):
            for name, signal in (("saved", post_save), ("deleted", post_delete)):
                signal.connect(
                    row_changed,
                    sender=model,
                    dispatch_uid=f"earnings.version.{model.__name__}.{name}",
                )
