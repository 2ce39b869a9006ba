from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def record_paid_top_up(sender, payment, **kwargs):
    from brands.services import TOP_UP_PURPOSE, record_top_up

    if payment.purpose == TOP_UP_PURPOSE:
        record_top_up(payment=payment)


def rematch_creator(sender, profile_id, **kwargs):
    from brands.tasks import enqueue_creator_match

    enqueue_creator_match(profile_id)


class BrandsConfig(AppConfig):
    name = "brands"
    verbose_name = _("Businesses")

    def ready(self):
        from creators.signals import creator_figures_changed
        from payments.signals import payment_succeeded

        payment_succeeded.connect(record_paid_top_up, dispatch_uid="brands.record_paid_top_up")
        creator_figures_changed.connect(rematch_creator, dispatch_uid="brands.rematch_creator")
