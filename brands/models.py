import secrets

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.transitions import ANY_SIDE, StatusMachine
from creators.models import Province

nib_validator = RegexValidator(
    r"^[0-9]{13}$", _("A business registration number (NIB) has exactly 13 digits.")
)


class Business(models.Model):
    """A small business (UMKM) on the portal; several users may share one."""

    class Category(models.TextChoices):
        FOOD = "food", _("Food and drink")
        FASHION = "fashion", _("Fashion")
        BEAUTY = "beauty", _("Beauty and personal care")
        CRAFTS = "crafts", _("Crafts and home")
        ELECTRONICS = "electronics", _("Electronics and gadgets")
        SERVICES = "services", _("Services")
        TRAVEL = "travel", _("Travel and hospitality")
        EDUCATION = "education", _("Education")
        OTHER = "other", _("Other")

    class Size(models.TextChoices):
        # Indonesian UMKM classes (PP 7/2021), by yearly sales.
        MICRO = "micro", _("Micro (yearly sales up to Rp 2 billion)")
        SMALL = "small", _("Small (yearly sales Rp 2–15 billion)")
        MEDIUM = "medium", _("Medium (yearly sales Rp 15–50 billion)")

    name = models.CharField(_("business name"), max_length=120)
    logo = models.ImageField(_("logo"), upload_to="brands/logos/", blank=True)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices, blank=True)
    city = models.CharField(_("city"), max_length=80, blank=True)
    province = models.CharField(_("province"), max_length=20, choices=Province.choices, blank=True)
    size = models.CharField(_("business size"), max_length=10, choices=Size.choices, blank=True)
    nib = models.CharField(
        _("business registration number (NIB)"),
        max_length=13,
        null=True,
        blank=True,
        unique=True,
        validators=[nib_validator],
        help_text=_("Optional. The 13-digit Nomor Induk Berusaha from OSS."),
    )
    website = models.URLField(_("website or marketplace shop link"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=120, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="BusinessMembership",
        related_name="businesses",
        verbose_name=_("members"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("business")
        verbose_name_plural = _("businesses")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(nib__isnull=True) | Q(nib__regex=r"^[0-9]{13}$"),
                name="business_nib_is_13_digits",
            ),
        ]
        indexes = [models.Index(fields=["city"]), models.Index(fields=["size"])]

    def __str__(self):
        return self.name

    @property
    def is_verified(self):
        return self.verified_at is not None


class BusinessMembership(models.Model):
    class Role(models.TextChoices):
        OWNER = "owner", _("Owner")
        MEMBER = "member", _("Member")

    business = models.ForeignKey(
        Business, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("business")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="business_memberships",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        verbose_name = _("business membership")
        verbose_name_plural = _("business memberships")
        constraints = [
            models.UniqueConstraint(fields=["business", "user"], name="unique_business_member"),
        ]

    def __str__(self):
        return f"{self.user} — {self.business} ({self.get_role_display()})"


def new_invitation_token():
    return secrets.token_urlsafe(32)


class BusinessInvitation(models.Model):
    """An owner's invitation for someone to join the business, sent by email."""

    business = models.ForeignKey(
        Business, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("business")
    )
    email = models.EmailField(_("email address"))
    role = models.CharField(
        _("role"),
        max_length=16,
        choices=BusinessMembership.Role.choices,
        default=BusinessMembership.Role.MEMBER,
    )
    token = models.CharField(max_length=64, unique=True, default=new_invitation_token)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["business", "email"],
                condition=Q(accepted_at__isnull=True),
                name="one_open_invitation_per_email",
            ),
        ]

    def __str__(self):
        return self.email


class Campaign(StatusMachine, models.Model):
    """A business's campaign, built in the wizard and then launched for review.

    Budget and fees are rupiah with two decimal places. While a campaign is
    submitted, live or paused its budget is reserved in the credit ledger.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("In review")
        LIVE = "live", _("Live")
        PAUSED = "paused", _("Paused")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    class Goal(models.TextChoices):
        AWARENESS = "awareness", _("More people know my brand")
        STORE_VISITS = "store_visits", _("More visits to my shop")
        SALES = "sales", _("More sales")
        APP_INSTALLS = "app_installs", _("More app installs")

    # Which status may follow which, and who moves: the business launches, pauses, resumes,
    # edits the brief (back to review) and cancels; staff approve or send back; either completes.
    BUSINESS, STAFF = "business", "staff"
    TRANSITIONS = {
        Status.DRAFT: {Status.SUBMITTED: {BUSINESS}, Status.CANCELLED: {BUSINESS}},
        Status.SUBMITTED: {
            Status.LIVE: {STAFF},
            Status.DRAFT: {STAFF},
            Status.CANCELLED: {BUSINESS},
        },
        Status.LIVE: {
            Status.PAUSED: {BUSINESS},
            Status.SUBMITTED: {BUSINESS},
            Status.COMPLETED: ANY_SIDE,
            Status.CANCELLED: {BUSINESS},
        },
        Status.PAUSED: {
            Status.LIVE: {BUSINESS},
            Status.SUBMITTED: {BUSINESS},
            Status.COMPLETED: ANY_SIDE,
            Status.CANCELLED: {BUSINESS},
        },
        Status.COMPLETED: {},
        Status.CANCELLED: {},
    }
    # Statuses in which the budget is held in the ledger.
    RESERVING_STATUSES = {Status.SUBMITTED, Status.LIVE, Status.PAUSED}

    business = models.ForeignKey(
        Business, on_delete=models.CASCADE, related_name="campaigns", verbose_name=_("business")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    completed_step = models.PositiveSmallIntegerField(_("wizard steps completed"), default=0)
    review_note = models.TextField(_("note from the review team"), blank=True)
    # Step 1: goal and product
    goal = models.CharField(_("goal"), max_length=20, choices=Goal.choices, blank=True)
    product_name = models.CharField(_("product or service"), max_length=120, blank=True)
    product_description = models.TextField(
        _("describe it in a few sentences"), max_length=1000, blank=True
    )
    # Step 2: budget and dates
    budget = models.DecimalField(
        _("total budget (Rp)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    fee_per_creator = models.DecimalField(
        _("fee per creator (Rp)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    starts_on = models.DateField(_("start date"), null=True, blank=True)
    ends_on = models.DateField(_("end date"), null=True, blank=True)
    # Step 3: who to reach
    regions = models.JSONField(_("regions"), default=list, blank=True)
    languages = models.ManyToManyField(
        "creators.Language", blank=True, related_name="campaigns", verbose_name=_("languages")
    )
    niches = models.ManyToManyField(
        "creators.Niche", blank=True, related_name="campaigns", verbose_name=_("niches")
    )
    audience_min = models.PositiveIntegerField(
        _("smallest creator audience (followers)"), null=True, blank=True
    )
    audience_max = models.PositiveIntegerField(
        _("largest creator audience (followers)"), null=True, blank=True
    )
    # Step 4: brief
    brief_show = models.TextField(_("what the video should show"), max_length=2000, blank=True)
    brief_dos = models.TextField(_("do's"), max_length=1000, blank=True)
    brief_donts = models.TextField(_("don'ts"), max_length=1000, blank=True)
    deliverables = models.TextField(_("deliverables"), max_length=1000, blank=True)
    sample_links = models.TextField(_("sample links"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(budget__isnull=True) | Q(budget__gt=0), name="campaign_budget_positive"
            ),
            models.CheckConstraint(
                condition=Q(fee_per_creator__isnull=True)
                | Q(fee_per_creator__gt=0, fee_per_creator__lte=F("budget")),
                name="campaign_fee_within_budget",
            ),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="campaign_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(audience_min__isnull=True)
                | Q(audience_max__isnull=True)
                | Q(audience_max__gte=F("audience_min")),
                name="campaign_audience_range_ordered",
            ),
            models.CheckConstraint(
                condition=Q(completed_step__lte=5), name="campaign_wizard_has_five_steps"
            ),
        ]
        indexes = [models.Index(fields=["business", "status", "-created_at"])]

    def __str__(self):
        return self.product_name or str(_("Untitled campaign"))

    @property
    def creators_affordable(self):
        """How many creators the budget pays at the fee per creator."""
        if not self.budget or not self.fee_per_creator:
            return 0
        return int(self.budget // self.fee_per_creator)

    def get_regions_display(self):
        labels = dict(Province.choices)
        return [labels.get(code, code) for code in self.regions]


class CampaignStatusChange(models.Model):
    """One step in a campaign's history: who moved it, when, and why."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="history", verbose_name=_("campaign")
    )
    from_status = models.CharField(_("from"), max_length=16, choices=Campaign.Status.choices)
    to_status = models.CharField(_("to"), max_length=16, choices=Campaign.Status.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class MatchingWeights(models.Model):
    """How much each part of a match score counts; one row that staff edit in
    the admin (``MatchingWeights.current()`` creates it with the defaults)."""

    niche = models.PositiveSmallIntegerField(_("niche overlap"), default=30)
    place_and_language = models.PositiveSmallIntegerField(_("region and language fit"), default=15)
    audience_size = models.PositiveSmallIntegerField(_("audience size in range"), default=20)
    performance = models.PositiveSmallIntegerField(_("engagement and recent views"), default=20)
    fee = models.PositiveSmallIntegerField(_("fee against the fee per creator"), default=10)
    reliability = models.PositiveSmallIntegerField(_("reliability"), default=5)
    # Small by default, so adding it barely moved existing scores: checked
    # figures lift a creator a little against claimed ones of the same size.
    confidence = models.PositiveSmallIntegerField(
        _("confidence in the figures (verified from TikTok or self-reported)"), default=5
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    PARTS = (
        "niche",
        "place_and_language",
        "audience_size",
        "performance",
        "fee",
        "reliability",
        "confidence",
    )

    class Meta:
        verbose_name = _("matching weights")
        verbose_name_plural = _("matching weights")
        constraints = [
            models.CheckConstraint(condition=Q(pk=1), name="matching_weights_single_row"),
            models.CheckConstraint(
                condition=Q(niche__gt=0)
                | Q(place_and_language__gt=0)
                | Q(audience_size__gt=0)
                | Q(performance__gt=0)
                | Q(fee__gt=0)
                | Q(reliability__gt=0)
                | Q(confidence__gt=0),
                name="matching_weights_not_all_zero",
            ),
        ]

    def __str__(self):
        return str(_("Matching weights"))

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def current(cls):
        weights, _created = cls.objects.get_or_create(pk=1)
        return weights

    def as_dict(self):
        return {part: getattr(self, part) for part in self.PARTS}


class MatchRun(models.Model):
    """Whether a campaign's matches are being computed, and when they last were."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    IN_PROGRESS = (Status.QUEUED, Status.RUNNING)

    campaign = models.OneToOneField(
        Campaign, on_delete=models.CASCADE, related_name="match_run", verbose_name=_("campaign")
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    queued_at = models.DateTimeField(_("queued"), null=True, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    candidates = models.PositiveIntegerField(_("creators scored"), default=0)

    class Meta:
        verbose_name = _("match run")
        verbose_name_plural = _("match runs")

    def __str__(self):
        return f"{self.campaign_id}: {self.get_status_display()}"

    @property
    def in_progress(self):
        return self.status in self.IN_PROGRESS


class CampaignMatch(models.Model):
    """One of a campaign's stored best matches, with the parts of its score:
    ``parts`` is a list of ``{"part", "score", "values"}`` that
    ``matching.explain`` turns into sentences in the reader's language."""

    class Tier(models.TextChoices):
        NANO = "nano", _("Nano (under 10k followers)")
        MICRO = "micro", _("Micro (10k–100k followers)")
        MID = "mid", _("Mid (100k–1M followers)")
        MACRO = "macro", _("Macro (over 1M followers)")

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="matches", verbose_name=_("campaign")
    )
    creator = models.ForeignKey(
        "creators.CreatorProfile",
        on_delete=models.CASCADE,
        related_name="campaign_matches",
        verbose_name=_("creator"),
    )
    score = models.PositiveSmallIntegerField(_("score"))
    parts = models.JSONField(_("parts of the score"), default=list)
    tier = models.CharField(_("audience tier"), max_length=8, choices=Tier.choices)
    followers = models.PositiveIntegerField(_("followers when matched"))
    rank = models.PositiveSmallIntegerField(_("rank"))
    computed_at = models.DateTimeField(_("computed"))

    class Meta:
        verbose_name = _("campaign match")
        verbose_name_plural = _("campaign matches")
        ordering = ["campaign", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "creator"], name="one_match_per_creator"),
            models.CheckConstraint(condition=Q(score__lte=100), name="match_score_at_most_100"),
        ]
        # The matches page filters by tier and minimum score and sorts by rank,
        # score or followers, always within one campaign.
        indexes = [
            models.Index(fields=["campaign", "rank"]),
            models.Index(fields=["campaign", "tier", "rank"]),
            models.Index(fields=["campaign", "-score"]),
            models.Index(fields=["campaign", "-followers"]),
        ]

    def __str__(self):
        return f"{self.campaign_id} ← {self.creator_id}: {self.score}"


class ShortlistEntry(models.Model):
    """A creator a business keeps in mind for one of its campaigns: the
    campaign's shortlist is its entries, added from search or the matches."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="shortlist", verbose_name=_("campaign")
    )
    creator = models.ForeignKey(
        "creators.CreatorProfile",
        on_delete=models.CASCADE,
        related_name="shortlisted_for",
        verbose_name=_("creator"),
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("added by"),
    )
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("shortlisted creator")
        verbose_name_plural = _("shortlisted creators")
        ordering = ["-added_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "creator"], name="one_shortlist_entry_per_creator"
            ),
        ]
        # The shortlist page lists a campaign's entries newest first.
        indexes = [models.Index(fields=["campaign", "-added_at"])]

    def __str__(self):
        return f"{self.campaign_id} ☆ {self.creator_id}"
