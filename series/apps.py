from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def grant_series_access(sender, payment, **kwargs):
    from series.services.sales import record_purchase

    record_purchase(payment=payment)


def book_series_refund(sender, payment, amount, refund, **kwargs):
    from series.services.sales import book_refund

    book_refund(payment=payment, amount=amount, refund=refund)


class SeriesConfig(AppConfig):
    name = "series"
    verbose_name = _("Series")

    def ready(self):
        from payments.signals import payment_refunded, payment_succeeded

        payment_succeeded.connect(grant_series_access, dispatch_uid="series.grant_series_access")
        payment_refunded.connect(book_series_refund, dispatch_uid="series.book_series_refund")
