"""A Series, its review submissions and the history of its status."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.transitions import StatusMachine
from creators.models import CreatorProfile

CREATOR = "creator"
STAFF = "staff"


class Series(StatusMachine, models.Model):
    """A paid collection of episodes that a Series-approved creator sells.

    Statuses move only along ``TRANSITIONS`` ({from: {to: the sides that may move}})
    through the services, and each move is recorded as a ``StatusChange`` with
    who and when. A Series goes on sale only when staff approve its
    ``Submission``: the database refuses a published or unpublished Series that
    was never approved.

    Review design: the Series' own title, description, cover and approved
    episodes (in their ``position`` order) are the approved, public version.
    Once a Series has been approved, the creator's edits to those fields, the
    removal of approved episodes and a new episode order wait in a pending
    ``Submission`` (a pending-changes record) and new episodes wait unapproved,
    so the approved version stays on sale until staff decide.

    The price range per currency is a setting, checked by ``clean()`` and the
    services; the database refuses a price that is not positive or a currency
    it does not know.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        REJECTED = "rejected", _("Changes requested")
        PUBLISHED = "published", _("Published")
        UNPUBLISHED = "unpublished", _("Unpublished")

    class Currency(models.TextChoices):
        IDR = "IDR", _("Indonesian rupiah (IDR)")
        USD = "USD", _("US dollar (USD)")

    TRANSITIONS = {
        Status.DRAFT: {Status.IN_REVIEW: {CREATOR}},
        Status.IN_REVIEW: {
            Status.PUBLISHED: {STAFF},
            Status.REJECTED: {STAFF},
            Status.DRAFT: {CREATOR},
        },
        Status.REJECTED: {Status.IN_REVIEW: {CREATOR}},
        Status.PUBLISHED: {Status.UNPUBLISHED: {CREATOR}},
        Status.UNPUBLISHED: {Status.PUBLISHED: {CREATOR}},
    }
    NEVER_APPROVED = [Status.DRAFT, Status.IN_REVIEW, Status.REJECTED]

    creator = models.ForeignKey(
        CreatorProfile, on_delete=models.PROTECT, related_name="series", verbose_name=_("creator")
    )
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), max_length=4000)
    cover = models.ImageField(_("cover image"), upload_to="series/covers/")
    price = models.DecimalField(_("price"), max_digits=12, decimal_places=2)
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.IDR
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(_("first published"), null=True, blank=True)
    approved_at = models.DateTimeField(_("first approved by staff"), null=True, blank=True)
    # Of the visible reviews; rewritten by the services on every review change,
    # so pages never count reviews.
    rating_count = models.PositiveIntegerField(_("number of ratings"), default=0)
    rating_average = models.DecimalField(
        _("average rating"), max_digits=3, decimal_places=2, null=True, blank=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("series")
        verbose_name_plural = _("series")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(price__gt=0), name="series_price_positive"),
            models.CheckConstraint(
                condition=Q(currency__in=["IDR", "USD"]), name="series_currency_known"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "in_review", "rejected"])
                | Q(published_at__isnull=False, approved_at__isnull=False),
                name="series_on_sale_only_once_approved",
            ),
        ]
        # The catalogue (series.selectors_catalogue) lists published Series
        # only; these partial indexes hold just those. Niche and language
        # filters use the join tables' indexes, "on discount now" the
        # discounts' (series, ends_at), best-selling the purchases' (series,
        # status, paid_at). Words are searched with LIKE over four columns,
        # and the price filters and sorts read the price paid now (discount
        # included), so they scan the published Series.
        indexes = [
            models.Index(fields=["creator", "status"]),
            models.Index(fields=["creator", "rating_average"]),
            # "Newest", the catalogue's default order, and a creator's page.
            models.Index(
                "published_at",
                "id",
                condition=Q(status="published"),
                name="series_catalogue_newest",
            ),
            # "Rating at least" and "Highest rated".
            models.Index(
                "rating_average",
                "rating_count",
                condition=Q(status="published"),
                name="series_catalogue_rating",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("series:detail", args=[self.pk])

    def clean(self):
        from series.pricing import validate_price

        if self.price is not None and self.currency:
            validate_price(price=self.price, currency=self.currency)

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    @property
    def price_is_locked(self):
        """Once published, a Series keeps its price (as at TikTok)."""
        return self.published_at is not None

    @property
    def is_approved(self):
        """Staff approved it once: its public fields are an approved version."""
        return self.approved_at is not None


class Submission(models.Model):
    """A request for staff review: the first publication of a Series, or changes
    to an approved one (the proposed title, description, cover, episode titles,
    episode removals and episode order are kept here until staff decide; new
    episodes wait unapproved).

    One pending submission per Series at a time (a database constraint); a
    rejection always carries the reason that the creator sees and is emailed.
    """

    class Kind(models.TextChoices):
        PUBLICATION = "publication", _("First publication")
        CHANGES = "changes", _("Changes to a published Series")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn by the creator")

    series = models.ForeignKey(
        Series, on_delete=models.CASCADE, related_name="submissions", verbose_name=_("series")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    title = models.CharField(_("proposed title"), max_length=120, blank=True)
    description = models.TextField(_("proposed description"), max_length=4000, blank=True)
    cover = models.ImageField(_("proposed cover"), upload_to="series/covers/", blank=True)
    episode_titles = models.JSONField(
        _("proposed episode titles"), default=dict, blank=True, help_text=_("By episode id.")
    )
    episodes_to_remove = models.JSONField(
        _("episodes proposed for removal"),
        default=list,
        blank=True,
        help_text=_("Ids of approved episodes deleted once staff approve."),
    )
    episode_order = models.JSONField(
        _("proposed episode order"),
        default=list,
        blank=True,
        help_text=_("Episode ids in the proposed order; empty when the order is unchanged."),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    reason = models.TextField(
        _("reason"),
        blank=True,
        max_length=2000,
        help_text=_("Required when rejecting: the creator sees it and receives it by email."),
    )

    class Meta:
        verbose_name = _("review submission")
        verbose_name_plural = _("review submissions")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["series"],
                condition=Q(status="pending"),
                name="submission_one_pending_per_series",
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(reason=""),
                name="submission_rejection_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "withdrawn"], decided_at__isnull=True)
                | Q(status__in=["approved", "rejected"], decided_at__isnull=False),
                name="submission_decided_at_when_decided",
            ),
        ]
        indexes = [models.Index(fields=["status", "submitted_at"])]

    def __str__(self):
        return f"{self.series} · {self.get_kind_display()} ({self.get_status_display()})"

    @property
    def is_pending(self):
        return self.status == self.Status.PENDING


class StatusChange(models.Model):
    """The history of a Series' status: each change, by whom and when."""

    series = models.ForeignKey(
        Series, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("series")
    )
    from_status = models.CharField(_("from"), max_length=16, choices=Series.Status.choices)
    to_status = models.CharField(_("to"), max_length=16, choices=Series.Status.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.from_status} → {self.to_status}"
