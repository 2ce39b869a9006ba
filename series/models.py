from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from creators.models import CreatorProfile
from series.storage import episode_storage, episode_upload_path

MAX_EPISODES = 80
MIN_EPISODE_MILLISECONDS = 30 * 1000
MAX_EPISODE_MILLISECONDS = 20 * 60 * 1000


CREATOR = "creator"
STAFF = "staff"


class Series(models.Model):
    """A paid collection of episodes that a Series-approved creator sells.

    Statuses move only along ``TRANSITIONS`` ({from: {to: who may make the move}})
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
        Status.DRAFT: {Status.IN_REVIEW: CREATOR},
        Status.IN_REVIEW: {Status.PUBLISHED: STAFF, Status.REJECTED: STAFF, Status.DRAFT: CREATOR},
        Status.REJECTED: {Status.IN_REVIEW: CREATOR},
        Status.PUBLISHED: {Status.UNPUBLISHED: CREATOR},
        Status.UNPUBLISHED: {Status.PUBLISHED: CREATOR},
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
        indexes = [
            models.Index(fields=["creator", "status"]),
            models.Index(fields=["creator", "rating_average"]),
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

    def can_become(self, status, side=CREATOR):
        return self.TRANSITIONS[self.status].get(status) == side


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


class Discount(models.Model):
    """A limited-time price of a Series: ``price`` applies from ``starts_at``
    (included) until ``ends_at`` (excluded), so at the instant it ends the page,
    the checkout and the order all use the full price again.

    ``price`` is always stored, also for a percentage (``percent`` is kept to
    show it), so what buyers pay never depends on rounding at read time. The
    services keep a Series' discounts from overlapping (under the Series' lock)
    and the price within the currency's range.
    """

    class Kind(models.TextChoices):
        PERCENT = "percent", _("A percentage off")
        PRICE = "price", _("A new price")

    series = models.ForeignKey(
        Series, on_delete=models.CASCADE, related_name="discounts", verbose_name=_("series")
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    percent = models.PositiveSmallIntegerField(_("percentage off"), null=True, blank=True)
    price = models.DecimalField(_("discounted price"), max_digits=12, decimal_places=2)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("discount")
        verbose_name_plural = _("discounts")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="discount_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(price__gt=0), name="discount_price_positive"),
            models.CheckConstraint(
                condition=Q(kind="percent", percent__gte=1, percent__lte=99)
                | Q(kind="price", percent__isnull=True),
                name="discount_percent_when_percentage",
            ),
        ]
        indexes = [models.Index(fields=["series", "ends_at"])]

    def __str__(self):
        return f"{self.series} · {self.price} ({self.starts_at:%Y-%m-%d} – {self.ends_at:%Y-%m-%d})"

    def is_active(self, now):
        return self.starts_at <= now < self.ends_at


class StatusChange(models.Model):
    """The history of a Series' status: each change, by whom and when."""

    series = models.ForeignKey(
        Series, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("series")
    )
    from_status = models.CharField(_("from"), max_length=16, choices=Series.Status.choices)
    to_status = models.CharField(_("to"), max_length=16, choices=Series.Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.from_status} → {self.to_status}"


class Episode(models.Model):
    """One video of a Series. Its file lives in private storage and is served
    only through ``views.episode_file``; its duration was read from the file."""

    series = models.ForeignKey(
        Series, on_delete=models.CASCADE, related_name="episodes", verbose_name=_("series")
    )
    title = models.CharField(_("title"), max_length=120)
    position = models.PositiveSmallIntegerField(_("number"))
    video = models.FileField(
        _("video file"), storage=episode_storage, upload_to=episode_upload_path, max_length=200
    )
    duration_ms = models.PositiveIntegerField(_("duration (milliseconds)"))
    size_bytes = models.PositiveBigIntegerField(_("size (bytes)"))
    is_free_preview = models.BooleanField(
        _("free preview"),
        default=False,
        help_text=_("Anyone can watch a free preview, without buying the Series."),
    )
    # Set when staff approve the Series or the changes that added the episode;
    # buyers and visitors see approved episodes only.
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    # Set by the one task run that emails buyers about this new episode.
    buyers_notified_at = models.DateTimeField(_("buyers told"), null=True, blank=True)
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("episode")
        verbose_name_plural = _("episodes")
        ordering = ["series", "position"]
        constraints = [
            # Checked per statement, not per row, so one UPDATE can swap numbers
            # (PostgreSQL; SQLite has no deferrable constraints and relies on the lock).
            models.UniqueConstraint(
                fields=["series", "position"],
                name="episode_unique_position",
                deferrable=models.Deferrable.IMMEDIATE,
            ),
            # With the unique number, this caps a Series at MAX_EPISODES episodes.
            models.CheckConstraint(
                condition=Q(position__gte=1, position__lte=MAX_EPISODES),
                name="episode_position_within_limit",
            ),
            models.CheckConstraint(
                condition=Q(
                    duration_ms__gte=MIN_EPISODE_MILLISECONDS,
                    duration_ms__lte=MAX_EPISODE_MILLISECONDS,
                ),
                name="episode_duration_within_limits",
            ),
        ]

    def __str__(self):
        return f"{self.position}. {self.title}"

    @property
    def duration_seconds(self):
        return self.duration_ms // 1000


class Purchase(models.Model):
    """A paid purchase of a whole Series, created once per successful payment.

    ``price`` is what the buyer paid, whatever the Series costs today. A buyer
    has access while one of their purchases of the Series is ``PAID``; a second
    payment for a Series already owned is kept as ``DUPLICATE`` for staff to refund.
    """

    class Status(models.TextChoices):
        PAID = "paid", _("Paid")
        DUPLICATE = "duplicate", _("Paid twice: refund due")
        REFUNDED = "refunded", _("Refunded")

    TRANSITIONS = {
        Status.PAID: {Status.REFUNDED},
        Status.DUPLICATE: {Status.REFUNDED},
        Status.REFUNDED: set(),
    }

    series = models.ForeignKey(
        Series, on_delete=models.PROTECT, related_name="purchases", verbose_name=_("series")
    )
    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="series_purchases",
        verbose_name=_("buyer"),
    )
    payment_reference = models.UUIDField(_("payment reference"), unique=True)
    price = models.DecimalField(_("price paid"), max_digits=12, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, choices=Series.Currency.choices)
    platform_fee = models.DecimalField(_("platform share"), max_digits=12, decimal_places=2)
    payment_fee = models.DecimalField(_("payment fee"), max_digits=12, decimal_places=2)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PAID
    )
    paid_at = models.DateTimeField(_("paid"))
    refunded_at = models.DateTimeField(_("refunded"), null=True, blank=True)
    refunded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("refunded by"),
    )
    notify_new_episodes = models.BooleanField(
        _("email me about new episodes"),
        default=True,
        help_text=_("The buyer receives an email when the Series gets a new episode."),
    )

    class Meta:
        verbose_name = _("purchase")
        verbose_name_plural = _("purchases")
        ordering = ["-paid_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "buyer"],
                condition=Q(status="paid"),
                name="purchase_one_paid_per_buyer",
            ),
            models.CheckConstraint(condition=Q(price__gt=0), name="purchase_price_positive"),
            models.CheckConstraint(
                condition=Q(platform_fee__gte=0, payment_fee__gte=0)
                & Q(price__gte=models.F("platform_fee") + models.F("payment_fee")),
                name="purchase_fees_within_price",
            ),
            models.CheckConstraint(
                condition=Q(status="refunded", refunded_at__isnull=False)
                | (~Q(status="refunded") & Q(refunded_at__isnull=True)),
                name="purchase_refunded_at_when_refunded",
            ),
        ]
        indexes = [
            models.Index(fields=["buyer", "status"]),
            models.Index(fields=["series", "status", "paid_at"]),
        ]

    def __str__(self):
        return f"{self.series} · {self.buyer} ({self.get_status_display()})"

    @property
    def net(self):
        return self.price - self.platform_fee - self.payment_fee

    def can_become(self, status):
        return status in self.TRANSITIONS[self.status]


class Review(models.Model):
    """A buyer's rating (1 to 5 stars) and review of a Series: one per buyer,
    which they may edit while they own the Series; the creator answers once;
    staff may hide it, with a recorded reason. Only visible reviews count in
    the Series' stored ``rating_count`` and ``rating_average``."""

    series = models.ForeignKey(
        Series, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("series")
    )
    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="series_reviews",
        verbose_name=_("buyer"),
    )
    stars = models.PositiveSmallIntegerField(_("rating"))
    text = models.TextField(_("review"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    updated_at = models.DateTimeField(_("edited"), auto_now=True)
    answer = models.TextField(_("creator's answer"), max_length=2000, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    hidden_at = models.DateTimeField(_("hidden"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hidden by"),
    )
    hidden_reason = models.TextField(_("reason for hiding"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["series", "buyer"], name="review_one_per_buyer"),
            models.CheckConstraint(
                condition=Q(stars__gte=1, stars__lte=5), name="review_stars_one_to_five"
            ),
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True, answer="")
                | (Q(answered_at__isnull=False) & ~Q(answer="")),
                name="review_answered_at_with_answer",
            ),
            models.CheckConstraint(
                condition=Q(hidden_at__isnull=True, hidden_reason="")
                | (Q(hidden_at__isnull=False) & ~Q(hidden_reason="")),
                name="review_hidden_with_reason",
            ),
        ]
        indexes = [models.Index(fields=["series", "hidden_at", "-created_at"])]

    def __str__(self):
        return f"{self.series} · {self.stars}★ · {self.buyer}"

    @property
    def is_hidden(self):
        return self.hidden_at is not None


class DailyStats(models.Model):
    """One Series' figures for one day (Asia/Jakarta), pre-aggregated for the
    creator's analytics page.

    Purchases, revenue and refunds are added in the same transaction as the
    purchase or refund itself, so they always add up to the orders. Page views,
    preview plays and episode starts and completions are counted in the cache
    during the request and added here by ``services.flush_event_counters`` (a
    periodic task), so a page view never waits for a database write.
    """

    series = models.ForeignKey(
        Series, on_delete=models.CASCADE, related_name="daily_stats", verbose_name=_("series")
    )
    day = models.DateField(_("day"))
    page_views = models.PositiveIntegerField(_("page views"), default=0)
    preview_plays = models.PositiveIntegerField(_("preview plays"), default=0)
    purchases = models.PositiveIntegerField(_("purchases"), default=0)
    revenue = models.DecimalField(_("revenue"), max_digits=14, decimal_places=2, default=0)
    refunds = models.PositiveIntegerField(_("refunds"), default=0)
    refunded = models.DecimalField(_("refunded"), max_digits=14, decimal_places=2, default=0)
    episode_starts = models.PositiveIntegerField(_("episodes started by buyers"), default=0)
    episode_completions = models.PositiveIntegerField(
        _("episodes watched to the end by buyers"), default=0
    )

    class Meta:
        verbose_name = _("daily figures")
        verbose_name_plural = _("daily figures")
        ordering = ["series", "day"]
        constraints = [
            models.UniqueConstraint(fields=["series", "day"], name="daily_stats_one_per_day")
        ]

    def __str__(self):
        return f"{self.series} · {self.day}"

    @property
    def conversion(self):
        """Purchases per page view, as a percentage; None without views."""
        if not self.page_views:
            return None
        return Decimal(self.purchases * 100) / self.page_views

    @property
    def completion(self):
        """Episodes watched to the end per episode started, as a percentage."""
        if not self.episode_starts:
            return None
        return Decimal(self.episode_completions * 100) / self.episode_starts
