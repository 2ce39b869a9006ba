import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Payment(models.Model):
    """One payment asked of a user through a payment provider.

    ``purpose`` and ``purpose_reference`` say what the money is for in terms the
    paying app understands (``"business_top_up"``, a business id); this app does
    not interpret them.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for payment")
        PAID = "paid", _("Paid")
        DECLINED = "declined", _("Declined")

    reference = models.UUIDField(_("reference"), default=uuid.uuid4, unique=True, editable=False)
    idempotency_key = models.CharField(_("idempotency key"), max_length=100, unique=True)
    payer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="payments",
        verbose_name=_("payer"),
    )
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    description = models.CharField(_("description"), max_length=200)
    purpose = models.CharField(_("purpose"), max_length=50)
    purpose_reference = models.CharField(_("purpose reference"), max_length=50)
    provider = models.CharField(_("provider"), max_length=50)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    return_url = models.CharField(_("return address"), max_length=300)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
            models.CheckConstraint(
                condition=Q(status="pending", completed_at__isnull=True)
                | (~Q(status="pending") & Q(completed_at__isnull=False)),
                name="payment_completed_when_not_pending",
            ),
        ]
        indexes = [models.Index(fields=["purpose", "purpose_reference"])]

    def __str__(self):
        return f"{self.amount} {self.currency} ({self.get_status_display()})"
