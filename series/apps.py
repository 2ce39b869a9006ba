from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def grant_series_access(sender, payment, **kwargs):
    from series.services.sales import record_purchase

    record_purchase(payment=payment)


class SeriesConfig(AppConfig):
    name = "series"
    verbose_name = _("Series")

    def ready(self):
        from payments.signals import payment_succeeded

        payment_succeeded.connect(grant_series_access, dispatch_uid="series.grant_series_access")
