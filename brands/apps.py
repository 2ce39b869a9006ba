from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def record_paid_top_up(sender, payment, **kwargs):
    from brands.services import TOP_UP_PURPOSE, record_top_up

    if payment.purpose == TOP_UP_PURPOSE:
        record_top_up(payment=payment)


class BrandsConfig(AppConfig):
    name = "brands"
    verbose_name = _("Businesses")

    def ready(self):
        from payments.signals import payment_succeeded

        payment_succeeded.connect(record_paid_top_up, dispatch_uid="brands.record_paid_top_up")
