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
        from django.db.models.signals import post_delete, post_save

        from payments.signals import payment_refunded, payment_succeeded
        from series.models import Discount, Episode
        from series.services.page_version import touch_series_of

        # What the public page caches under the Series' updated_at (page_version).
        for model in (Episode, Discount):
            for signal in (post_save, post_delete):
                signal.connect(
                    touch_series_of, sender=model, dispatch_uid=f"series.touch.{model.__name__}"
                )

        payment_succeeded.connect(grant_series_access, dispatch_uid="series.grant_series_access")
        payment_refunded.connect(book_series_refund, dispatch_uid="series.book_series_refund")
