"""A creator and a campaign working together: from the invitation (or the
creator's application), through the draft the business approves before anything
is posted, to the approved posted video and the ratings at the end.

``Collaboration.TRANSITIONS`` is the one place that says which status may
follow which, and which side may make the move; ``collaborations.services``
enforces it.
"""

from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.private_files import private_name, private_storage
from core.transitions import StatusMachine


class Side(models.TextChoices):
    BUSINESS = "business", _("Business")
    CREATOR = "creator", _("Creator")


class Collaboration(StatusMachine, models.Model):
    class Status(models.TextChoices):
        INVITED = "invited", _("Invited")
        APPLIED = "applied", _("Applied")
        ACCEPTED = "accepted", _("Accepted")
        DRAFT_SUBMITTED = "draft_submitted", _("Draft submitted")
        DRAFT_CHANGES = "draft_changes", _("Draft changes requested")
        DRAFT_APPROVED = "draft_approved", _("Draft approved")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        SUBMITTED = "submitted", _("Content submitted")
        REVISION = "revision", _("Revision requested")
        APPROVED = "approved", _("Approved")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    # status -> {next status: the sides that may make that move}
    TRANSITIONS = {
        Status.INVITED: {
            Status.ACCEPTED: {Side.CREATOR},
            Status.DECLINED: {Side.CREATOR},
            Status.WITHDRAWN: {Side.BUSINESS},
        },
        Status.APPLIED: {
            Status.ACCEPTED: {Side.BUSINESS},
            Status.DECLINED: {Side.BUSINESS},
            Status.WITHDRAWN: {Side.CREATOR},
        },
        # Before the business approves a draft either side may call it off: the
        # held fee goes back to the campaign. Nothing is posted before a draft is
        # approved; once it is, only the creator may still call it off.
        Status.ACCEPTED: {
            Status.DRAFT_SUBMITTED: {Side.CREATOR},
            Status.CANCELLED: {Side.BUSINESS, Side.CREATOR},
        },
        Status.DRAFT_SUBMITTED: {
            Status.DRAFT_APPROVED: {Side.BUSINESS},
            Status.DRAFT_CHANGES: {Side.BUSINESS},
            Status.CANCELLED: {Side.BUSINESS, Side.CREATOR},
        },
        Status.DRAFT_CHANGES: {
            Status.DRAFT_SUBMITTED: {Side.CREATOR},
            Status.CANCELLED: {Side.BUSINESS, Side.CREATOR},
        },
        Status.DRAFT_APPROVED: {
            Status.SUBMITTED: {Side.CREATOR},
            Status.CANCELLED: {Side.CREATOR},
        },
        Status.SUBMITTED: {Status.REVISION: {Side.BUSINESS}, Status.APPROVED: {Side.BUSINESS}},
        Status.REVISION: {Status.SUBMITTED: {Side.CREATOR}},
        # Approval is final: the fee is paid and the content cannot be rejected.
        Status.APPROVED: {Status.COMPLETED: {Side.BUSINESS}},
        Status.DECLINED: {},
        Status.WITHDRAWN: {},
        Status.CANCELLED: {},
        Status.COMPLETED: {},
    }
    # Statuses in which the creator and the business are still working together.
    DRAFTING = {Status.ACCEPTED, Status.DRAFT_SUBMITTED, Status.DRAFT_CHANGES}
    ACTIVE = DRAFTING | {
        Status.DRAFT_APPROVED,
        Status.SUBMITTED,
        Status.REVISION,
        Status.APPROVED,
    }
    # Statuses after which the collaboration is over, well or not.
    CLOSED = {Status.DECLINED, Status.WITHDRAWN, Status.CANCELLED, Status.COMPLETED}
    # Statuses in which the agreed fee is held in the ledger for the creator.
    HOLDING = DRAFTING | {Status.DRAFT_APPROVED, Status.SUBMITTED, Status.REVISION}
    # The Bootstrap colour of each status's badge (secondary for the others).
    BADGE_CLASSES = {
        Status.INVITED: "text-bg-info",
        Status.APPLIED: "text-bg-info",
        Status.SUBMITTED: "text-bg-warning",
        Status.REVISION: "text-bg-warning",
        Status.DRAFT_SUBMITTED: "text-bg-warning",
        Status.DRAFT_CHANGES: "text-bg-warning",
        Status.ACCEPTED: "text-bg-primary",
        Status.APPROVED: "text-bg-primary",
        Status.DRAFT_APPROVED: "text-bg-primary",
        Status.COMPLETED: "text-bg-success",
    }

    campaign = models.ForeignKey(
        "brands.Campaign",
        on_delete=models.PROTECT,
        related_name="collaborations",
        verbose_name=_("campaign"),
    )
    creator = models.ForeignKey(
        "creators.CreatorProfile",
        on_delete=models.PROTECT,
        related_name="collaborations",
        verbose_name=_("creator"),
    )
    started_by = models.CharField(_("started by"), max_length=10, choices=Side.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    fee = models.DecimalField(
        _("fee (Rp)"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(1)],
        help_text=_("Offered by the business, or asked by the creator; agreed on acceptance."),
    )
    message = models.TextField(_("message"), max_length=2000, blank=True)
    due_on = models.DateField(
        _("content due on"), help_text=_("The campaign's end date when the collaboration began.")
    )
    content_url = models.URLField(_("link to the posted video"), blank=True)
    content_note = models.TextField(_("note with the content"), max_length=2000, blank=True)
    # The posted video as TikTok knows it, checked to be on the creator's linked
    # account (``services.posting``); ``content_url`` keeps its share link.
    tiktok_video_id = models.CharField(_("TikTok video id"), max_length=40, blank=True)
    video_title = models.CharField(_("video title"), max_length=300, blank=True)
    posted_at = models.DateTimeField(_("posted on TikTok"), null=True, blank=True)
    # The posted video's figures (``VideoFigures``): when they were last read,
    # and when TikTok stopped showing the video (deleted, or made private).
    # The creator's average views per video when the collaboration began (and
    # again when it was accepted): what the report measures the video against.
    creator_average_views = models.PositiveBigIntegerField(
        _("creator's average views per video"), null=True, blank=True
    )
    figures_read_at = models.DateTimeField(_("figures last read"), null=True, blank=True)
    video_gone_at = models.DateTimeField(_("video no longer on TikTok"), null=True, blank=True)
    revision_note = models.TextField(_("what to change"), max_length=2000, blank=True)
    draft_note = models.TextField(_("what to change in the draft"), max_length=2000, blank=True)
    draft_approved_at = models.DateTimeField(_("draft approved"), null=True, blank=True)
    # Set once, by the first submission: reliability counts whether it was on time.
    first_submitted_at = models.DateTimeField(_("first submitted"), null=True, blank=True)
    # The latest submission: the business has COLLABORATION_AUTO_RELEASE_HOURS from
    # then to approve or ask for a revision before the fee is released anyway.
    submitted_at = models.DateTimeField(_("last submitted"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    approved_automatically = models.BooleanField(
        _("approved automatically"),
        default=False,
        help_text=_("The business did not answer in time, so the fee was released."),
    )
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("collaboration")
        verbose_name_plural = _("collaborations")
        ordering = ["-updated_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "creator"], name="one_collaboration_per_campaign_and_creator"
            ),
            models.CheckConstraint(condition=Q(fee__gt=0), name="collaboration_fee_positive"),
            models.CheckConstraint(
                condition=~Q(status__in=["submitted", "approved", "completed"])
                | ~Q(content_url=""),
                name="collaboration_submitted_has_content",
            ),
        ]
        indexes = [
            models.Index(fields=["creator", "status", "-updated_at"]),
            models.Index(fields=["campaign", "status", "-updated_at"]),
            models.Index(
                fields=["posted_at"],
                condition=~Q(tiktok_video_id="") & Q(video_gone_at__isnull=True),
                name="collaboration_figures_to_read",
            ),
            models.Index(
                fields=["tiktok_video_id"],
                condition=~Q(tiktok_video_id=""),
                name="collaboration_posted_video",
            ),
            models.Index(
                fields=["submitted_at"],
                condition=Q(status="submitted"),
                name="collaboration_awaiting_answer",
            ),
        ]

    def __str__(self):
        return f"{self.campaign} × {self.creator}"

    def get_absolute_url(self):
        return reverse("collaborations:detail", args=[self.pk])

    @property
    def release_due_at(self):
        """When the held fee is released if the business has not answered."""
        if self.status != self.Status.SUBMITTED or self.submitted_at is None:
            return None
        return self.submitted_at + timedelta(hours=settings.COLLABORATION_AUTO_RELEASE_HOURS)

    @property
    def is_closed(self):
        return self.status in self.CLOSED

    @property
    def badge_class(self):
        """The status badge's colour class: one lookup, not a chain of template ``if``s."""
        return self.BADGE_CLASSES.get(self.status, "text-bg-secondary")


class StatusChange(models.Model):
    """One step in a collaboration's history: who moved it, from what, to what."""

    collaboration = models.ForeignKey(
        Collaboration, on_delete=models.CASCADE, related_name="history"
    )
    from_status = models.CharField(
        _("from"), max_length=20, choices=Collaboration.Status.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=20, choices=Collaboration.Status.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    note = models.TextField(_("note"), max_length=2000, blank=True)
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.from_status or '—'} → {self.to_status}"


def draft_storage():
    return private_storage


def draft_upload_path(draft, filename):
    """A name nobody can guess under the collaboration's folder; the extension
    follows what the file is (``draft.extension``), not what it was called."""
    return private_name(f"collaborations/{draft.collaboration_id}", draft.extension)


class Draft(models.Model):
    """A video the creator made for the collaboration, before posting it: the
    business approves it or asks for changes. Kept privately (no public URL);
    ``views.drafts.draft_file`` serves it to the two sides and staff."""

    EXTENSIONS = {"video/mp4": "mp4", "video/quicktime": "mov", "video/webm": "webm"}

    collaboration = models.ForeignKey(
        Collaboration,
        on_delete=models.CASCADE,
        related_name="drafts",
        verbose_name=_("collaboration"),
    )
    video = models.FileField(
        _("draft video"), storage=draft_storage, upload_to=draft_upload_path, max_length=200
    )
    content_type = models.CharField(
        _("file type"), max_length=20, choices=[(t, t) for t in EXTENSIONS]
    )
    caption = models.TextField(_("caption"), max_length=2200, blank=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"))
    size_bytes = models.PositiveBigIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("draft")
        verbose_name_plural = _("drafts")
        ordering = ["-uploaded_at", "-pk"]
        indexes = [models.Index(fields=["collaboration", "-uploaded_at"])]

    def __str__(self):
        return f"{self.collaboration} · {self.uploaded_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return reverse("collaborations:draft_file", args=[self.collaboration_id, self.pk])

    @property
    def extension(self):
        return self.EXTENSIONS[self.content_type]


class VideoFigures(models.Model):
    """What a posted video had reached on one day (Asia/Jakarta), as TikTok
    counted it: read daily for 30 days after posting, then weekly up to 90
    (``services.figures``). Counts are cumulative, as TikTok gives them."""

    collaboration = models.ForeignKey(
        Collaboration,
        on_delete=models.CASCADE,
        related_name="figures",
        verbose_name=_("collaboration"),
    )
    day = models.DateField(_("day"))
    views = models.PositiveBigIntegerField(_("views"))
    likes = models.PositiveBigIntegerField(_("likes"))
    comments = models.PositiveBigIntegerField(_("comments"))
    shares = models.PositiveBigIntegerField(_("shares"))
    read_at = models.DateTimeField(_("read"))

    class Meta:
        verbose_name = _("posted video's figures")
        verbose_name_plural = _("posted videos' figures")
        ordering = ["collaboration", "day"]
        constraints = [
            models.UniqueConstraint(
                fields=["collaboration", "day"], name="one_figures_row_per_video_and_day"
            ),
        ]

    def __str__(self):
        return f"{self.collaboration_id} {self.day}: {self.views}"

    @property
    def engagements(self):
        return self.likes + self.comments + self.shares


class Message(models.Model):
    """One message in a collaboration's thread."""

    collaboration = models.ForeignKey(
        Collaboration,
        on_delete=models.CASCADE,
        related_name="messages",
        verbose_name=_("collaboration"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    side = models.CharField(_("side"), max_length=10, choices=Side.choices)
    body = models.TextField(_("message"), max_length=2000)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["collaboration", "created_at"])]

    def __str__(self):
        return self.body[:60]


class Rating(models.Model):
    """What one side thought of the other once the collaboration was completed.

    The business's ratings of a creator feed the reliability part of the match
    score (``matching.parts``).
    """

    collaboration = models.ForeignKey(
        Collaboration,
        on_delete=models.CASCADE,
        related_name="ratings",
        verbose_name=_("collaboration"),
    )
    by_side = models.CharField(_("rated by"), max_length=10, choices=Side.choices)
    stars = models.PositiveSmallIntegerField(
        _("stars"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("rated"), auto_now_add=True)

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.UniqueConstraint(
                fields=["collaboration", "by_side"], name="one_rating_per_side"
            ),
            models.CheckConstraint(
                condition=Q(stars__gte=1, stars__lte=5), name="rating_stars_one_to_five"
            ),
        ]

    def __str__(self):
        return f"{self.get_by_side_display()}: {self.stars}★"
