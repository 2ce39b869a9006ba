from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def record_paid_top_up(sender, payment, **kwargs):
    from brands.services import TOP_UP_PURPOSE, record_top_up

    if payment.purpose == TOP_UP_PURPOSE:
        record_top_up(payment=payment)


def check_top_up_refund(sender, payment, amount, **kwargs):
    from brands.top_up_refunds import check_top_up_refund

    check_top_up_refund(payment=payment, amount=amount)


def book_top_up_refund(sender, payment, amount, refund, **kwargs):
    from brands.top_up_refunds import book_top_up_refund

    book_top_up_refund(payment=payment, amount=amount, refund=refund)


def _connect_page_reads():
    """The matches and search pages keep their reads until these versions move
    (``brands.page_reads``)."""
    from django.db.models.signals import post_save, pre_delete

    from brands import page_reads
    from brands.models import Campaign, CampaignMatch, MatchRun, ShortlistEntry
    from core import versions
    from creators.models import CreatorProfile

    # Collaborations sit a row above: named, not imported.
    campaign_rows = (Campaign, ShortlistEntry, "collaborations.Collaboration")
    versions.on_change(page_reads.campaign_changed, *campaign_rows, uid="page-reads:campaign")
    versions.on_change(page_reads.match_changed, MatchRun, uid="page-reads:match-run")
    # Not on deletion: a receiver would make every deletion of matches load its rows.
    post_save.connect(
        page_reads.match_changed, sender=CampaignMatch, dispatch_uid="page-reads:match-saved"
    )
    for signal, event in ((post_save, "saved"), (pre_delete, "deleted")):
        signal.connect(
            page_reads.matched_creator_leaving,
            sender=CreatorProfile,
            dispatch_uid=f"page-reads:matched-creator-{event}",
        )
    # Every creator's rows (search) move creators.signals.CREATORS_VERSION.


class BrandsConfig(AppConfig):
    name = "brands"
    verbose_name = _("Businesses")

    def ready(self):
        from brands.models import Business, BusinessMembership, Campaign
        from brands.selectors import business_changed
        from core import versions

        # The dashboard's businesses and the campaign lists are kept until they change.
        versions.on_change(
            business_changed, Business, BusinessMembership, Campaign, uid="business-lists"
        )
        _connect_page_reads()
        from payments.signals import payment_refund_asked, payment_refunded, payment_succeeded

        payment_succeeded.connect(record_paid_top_up, dispatch_uid="brands.record_paid_top_up")
        payment_refund_asked.connect(check_top_up_refund, dispatch_uid="brands.check_top_up_refund")
        payment_refunded.connect(book_top_up_refund, dispatch_uid="brands.book_top_up_refund")
