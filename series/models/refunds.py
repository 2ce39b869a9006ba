"""A buyer's request to be refunded, and staff's decision on it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.transitions import StatusMachine
from series.models.catalogue import STAFF
from series.models.purchases import Purchase


class RefundRequest(StatusMachine, models.Model):
    """A buyer asks for their money back, with a reason, within
    ``SERIES_REFUND_REQUEST_DAYS`` of the purchase; staff approve it (the
    purchase is refunded in full) or decline it with a note, once.

    One open request per purchase (the database refuses a second); a declined
    buyer may ask again while the window is open."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Waiting for a decision")
        APPROVED = "approved", _("Approved: refunded")
        DECLINED = "declined", _("Declined")

    TRANSITIONS = {
        Status.REQUESTED: {Status.APPROVED: {STAFF}, Status.DECLINED: {STAFF}},
        Status.APPROVED: {},
        Status.DECLINED: {},
    }

    purchase = models.ForeignKey(
        Purchase,
        on_delete=models.PROTECT,
        related_name="refund_requests",
        verbose_name=_("purchase"),
    )
    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="refund_requests",
        verbose_name=_("buyer"),
    )
    reason = models.TextField(_("reason"), max_length=2000)
    created_at = models.DateTimeField(_("asked"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    staff_note = models.TextField(
        _("note to the buyer"),
        max_length=2000,
        blank=True,
        help_text=_("Why the request was declined (sent to the buyer)."),
    )

    class Meta:
        verbose_name = _("refund request")
        verbose_name_plural = _("refund requests")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["purchase"],
                condition=Q(status="requested"),
                name="refund_request_one_open_per_purchase",
            ),
            models.CheckConstraint(
                condition=Q(status="requested", decided_at__isnull=True)
                | (~Q(status="requested") & Q(decided_at__isnull=False)),
                name="refund_request_decided_at_when_decided",
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(staff_note=""),
                name="refund_request_declined_with_a_note",
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return f"{self.purchase} ({self.get_status_display()})"
