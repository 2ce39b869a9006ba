"""Campaigns, their history and shortlists."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from brands.models.businesses import Business
from core.transitions import ANY_SIDE, StatusMachine
from creators.models import Province


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
