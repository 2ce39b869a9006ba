"""Creators' applications to programmes and the staff decisions on them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.transitions import StatusMachine
from creators.models.profiles import CreatorProfile
from creators.models.programmes import Programme

# Who moves an application: staff decide, the creator may withdraw.
CREATOR = "creator"
STAFF = "staff"


class ProgrammeApplication(StatusMachine, models.Model):
    """A creator's application to a programme, reviewed by staff.

    The allowed transitions are in ``TRANSITIONS`` ({from: {to: who may make
    the move}}); every transition is recorded as an ``ApplicationDecision``
    with who and when.
    """

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        IN_REVIEW = "in_review", _("In review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    OPEN_STATUSES = (Status.SUBMITTED, Status.IN_REVIEW)
    # An approved creator needs no new application to the same programme.
    CURRENT_STATUSES = (*OPEN_STATUSES, Status.APPROVED)
    TRANSITIONS = {
        Status.SUBMITTED: {
            Status.IN_REVIEW: {STAFF},
            Status.APPROVED: {STAFF},
            Status.REJECTED: {STAFF},
            Status.WITHDRAWN: {CREATOR},
        },
        Status.IN_REVIEW: {
            Status.APPROVED: {STAFF},
            Status.REJECTED: {STAFF},
            Status.WITHDRAWN: {CREATOR},
        },
        Status.APPROVED: {},
        Status.REJECTED: {},
        Status.WITHDRAWN: {},
    }

    profile = models.ForeignKey(
        CreatorProfile,
        on_delete=models.CASCADE,
        related_name="applications",
        verbose_name=_("creator"),
    )
    programme = models.ForeignKey(
        Programme,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("programme"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.SUBMITTED
    )
    evaluation_snapshot = models.JSONField(_("checklist at submission"), default=dict)
    used_premium_content_exception = models.BooleanField(
        _("applied under the premium content exception"), default=False
    )
    premium_content_url = models.URLField(
        _("link to premium content sold elsewhere"),
        blank=True,
        help_text=_("Given with an application under the premium content exception."),
    )
    submitted_at = models.DateTimeField(_("submitted"))
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("programme application")
        verbose_name_plural = _("programme applications")
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "programme"],
                condition=Q(status__in=["submitted", "in_review"]),
                name="one_open_application_per_programme",
                violation_error_message=_("You already have an open application."),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "submitted_at"]),
            models.Index(fields=["profile", "programme", "status"]),
        ]

    def __str__(self):
        return f"{self.profile} → {self.programme} ({self.get_status_display()})"

    @property
    def is_open(self):
        return self.status in self.OPEN_STATUSES

    @property
    def premium_content_web_link(self):
        """The premium content link if it is a web address (http or https), else ""."""
        url = self.premium_content_url
        return url if url.lower().startswith(("https://", "http://")) else ""


class ApplicationDecision(models.Model):
    """The audit trail of an application: each change of status, by whom and when."""

    application = models.ForeignKey(
        ProgrammeApplication,
        on_delete=models.CASCADE,
        related_name="decisions",
        verbose_name=_("application"),
    )
    from_status = models.CharField(
        _("from"), max_length=16, choices=ProgrammeApplication.Status.choices, blank=True
    )
    to_status = models.CharField(
        _("to"), max_length=16, choices=ProgrammeApplication.Status.choices
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("by"),
    )
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("application decision")
        verbose_name_plural = _("application decisions")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.from_status or '∅'} → {self.to_status}"
