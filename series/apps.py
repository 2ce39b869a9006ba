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
        from django.contrib.auth import get_user_model
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from core import versions
        from creators.models import CreatorProfile
        from creators.signals import creator_figures_changed
        from payments.signals import payment_refunded, payment_succeeded
        from series.models import Discount, Episode, Purchase, Review, Series, Submission
        from series.selectors_library import purchase_changed
        from series.services import page_version
        from series.services.page_version import touch_series_of
        from series.services.ratings import rating_after_review_deleted

        # What the public page caches under the Series' updated_at (page_version).
        versions.on_change(touch_series_of, Episode, Discount, uid="series.touch")

        # The public pages' versions (page_version), whoever changes the rows.
        receivers = [
            (Series, page_version.series_saved),
            (Review, page_version.review_changed),
            (Purchase, page_version.sales_changed),
            (CreatorProfile, page_version.profile_saved),
            (Submission, page_version.submission_changed),
        ]
        for model, receiver in receivers:
            versions.on_change(receiver, model, uid="series.version")
        post_save.connect(
            page_version.user_saved, sender=get_user_model(), dispatch_uid="series.version.user"
        )
        for through in (CreatorProfile.niches.through, CreatorProfile.languages.through):
            m2m_changed.connect(
                page_version.profile_names_changed,
                sender=through,
                dispatch_uid=f"series.version.{through.__name__}",
            )
        creator_figures_changed.connect(
            page_version.figures_changed, dispatch_uid="series.version.figures"
        )
        # The buyer's library and home (selectors_library.owner_version).
        versions.on_change(purchase_changed, Purchase, uid="series.owner")
        # A deleted review leaves the stored rating (ratings).
        post_delete.connect(
            rating_after_review_deleted, sender=Review, dispatch_uid="series.rating.review_deleted"
        )

        payment_succeeded.connect(grant_series_access, dispatch_uid="series.grant_series_access")
        payment_refunded.connect(book_series_refund, dispatch_uid="series.book_series_refund")
