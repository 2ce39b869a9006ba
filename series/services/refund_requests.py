"""Buyers ask for a refund of a Series; staff decide, once.

The buyer asks from their purchase within ``SERIES_REFUND_REQUEST_DAYS`` of
buying it, with a reason. Staff approve (the purchase is refunded in full,
through ``sales.refund_purchase``: the one refund path) or decline with a
note. The request row is locked and its status moves through
``RefundRequest.TRANSITIONS``, so two staff deciding at once decide once. The
buyer and the creator are emailed the decision, each in their own language.
"""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.emails import absolute_url, email_user
from series.models import STAFF, Purchase, RefundRequest
from series.services.refusals import SeriesRefused
from series.services.sales import refund_purchase

Status = RefundRequest.Status
MAX_REASON = 2000


def request_deadline(purchase):
    """The last moment ``purchase``'s buyer may ask for a refund."""
    return purchase.paid_at + timedelta(days=settings.SERIES_REFUND_REQUEST_DAYS)


def may_ask(purchase, now=None):
    """Whether a refund may be asked of ``purchase`` now: paid, in the window."""
    return purchase.status == Purchase.Status.PAID and (now or timezone.now()) <= request_deadline(
        purchase
    )


@transaction.atomic
def ask_for_refund(*, purchase_id, buyer, reason, now=None):
    """Record ``buyer``'s request to be refunded ``purchase_id``, with
    ``reason``. Refused (``SeriesRefused``, nothing saved) past the window,
    for a purchase not paid, without a reason, or while a request is open.
    Returns the ``RefundRequest``."""
    purchase = Purchase.objects.select_for_update().get(pk=purchase_id, buyer=buyer)
    reason = (reason or "").strip()
    if purchase.status != Purchase.Status.PAID:
        raise SeriesRefused(_("Only a Series you own can be refunded."))
    if not may_ask(purchase, now):
        raise SeriesRefused(
            _("Refunds can be asked for within %(days)s days of buying; this purchase is older.")
            % {"days": settings.SERIES_REFUND_REQUEST_DAYS}
        )
    if not reason:
        raise SeriesRefused(_("Tell us why you want a refund."))
    if len(reason) > MAX_REASON:
        raise SeriesRefused(
            _("Keep the reason under %(count)s characters.") % {"count": MAX_REASON}
        )
    if purchase.refund_requests.filter(status=Status.REQUESTED).exists():
        raise SeriesRefused(_("You have already asked for a refund; staff will answer soon."))
    try:
        with transaction.atomic():
            return RefundRequest.objects.create(purchase=purchase, buyer=buyer, reason=reason)
    except IntegrityError as error:
        raise SeriesRefused(
            _("You have already asked for a refund; staff will answer soon.")
        ) from error


@transaction.atomic
def decide_refund_request(*, request_id, staff, approve, note=""):
    """Approve (refund the purchase in full) or decline (``note`` required)
    the request, once: a request already decided is refused, whoever decided
    it. A refund the gateway refuses raises ``payments.services.RefundRefused``
    and leaves the request open. Returns the request."""
    # The request's row alone is locked (not the purchase's or the Series'
    # rows a join would lock too); what the emails need is read after.
    request = RefundRequest.objects.select_for_update().get(pk=request_id)
    target = Status.APPROVED if approve else Status.DECLINED
    note = (note or "").strip()[:MAX_REASON]
    if not request.can_become(target, STAFF):
        message = (
            _("This request was already approved by %(staff)s.")
            if request.status == Status.APPROVED
            else _("This request was already declined by %(staff)s.")
        )
        raise SeriesRefused(message % {"staff": request.decided_by.get_full_name()})
    if not approve and not note:
        raise SeriesRefused(_("Say why the request is declined: the buyer reads it."))
    request.status = target
    request.decided_by = staff
    request.decided_at = timezone.now()
    request.staff_note = note
    request.save(update_fields=["status", "decided_by", "decided_at", "staff_note"])
    if approve and not refund_purchase(purchase=request.purchase, staff=staff):
        raise SeriesRefused(_("This purchase was refunded already; decline the request instead."))
    _email_decision(request)
    return request


def _email_decision(request):
    """Tell the buyer and the creator, each in their language, once committed."""
    purchase = request.purchase
    series = purchase.series
    context = {
        "request": request,
        "purchase": purchase,
        "series": series,
        "approved": request.status == Status.APPROVED,
        "series_url": absolute_url(series.get_absolute_url()),
        "library_url": absolute_url(reverse("series:library")),
    }
    email_user(request.buyer, f"series/emails/refund_request_{request.status}", context)
    email_user(
        series.creator.user,
        "series/emails/refund_request_decided",
        {**context, "analytics_url": absolute_url(reverse("series:analytics", args=[series.pk]))},
    )
