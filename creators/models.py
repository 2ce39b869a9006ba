from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from core.transitions import StatusMachine


class Category(models.Model):
    """A staff-managed named entry of a list creators pick from."""

    name = models.CharField(_("name"), max_length=60, unique=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name


class Niche(Category):
    """A content category (beauty, food, gaming…) that brands search by."""

    class Meta(Category.Meta):
        verbose_name = _("niche")
        verbose_name_plural = _("niches")


class Language(Category):
    """A language a creator makes content in."""

    class Meta(Category.Meta):
        verbose_name = _("language")
        verbose_name_plural = _("languages")


class Region(models.Model):
    """A country creators live in. Programmes list the regions they are open to;
    a region may raise the minimum age of every programme (South Korea: 19)."""

    # The one country whose creators also name their province (``Province``).
    INDONESIA = "ID"

    code = models.CharField(_("country code"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=80)
    minimum_age = models.PositiveSmallIntegerField(
        _("minimum age in this region"),
        null=True,
        blank=True,
        help_text=_("Leave empty when the programme's minimum age applies."),
    )

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Province(models.TextChoices):
    """Indonesia's provinces: where a creator or a business is, and whom a campaign
    reaches. Proper names, the same in every language."""

    ACEH = "aceh", "Aceh"
    SUMATERA_UTARA = "sumut", "Sumatera Utara"
    SUMATERA_BARAT = "sumbar", "Sumatera Barat"
    RIAU = "riau", "Riau"
    KEPULAUAN_RIAU = "kepri", "Kepulauan Riau"
    JAMBI = "jambi", "Jambi"
    SUMATERA_SELATAN = "sumsel", "Sumatera Selatan"
    BANGKA_BELITUNG = "babel", "Kepulauan Bangka Belitung"
    BENGKULU = "bengkulu", "Bengkulu"
    LAMPUNG = "lampung", "Lampung"
    DKI_JAKARTA = "jakarta", "DKI Jakarta"
    BANTEN = "banten", "Banten"
    JAWA_BARAT = "jabar", "Jawa Barat"
    JAWA_TENGAH = "jateng", "Jawa Tengah"
    DI_YOGYAKARTA = "diy", "DI Yogyakarta"
    JAWA_TIMUR = "jatim", "Jawa Timur"
    BALI = "bali", "Bali"
    NTB = "ntb", "Nusa Tenggara Barat"
    NTT = "ntt", "Nusa Tenggara Timur"
    KALIMANTAN_BARAT = "kalbar", "Kalimantan Barat"
    KALIMANTAN_TENGAH = "kalteng", "Kalimantan Tengah"
    KALIMANTAN_SELATAN = "kalsel", "Kalimantan Selatan"
    KALIMANTAN_TIMUR = "kaltim", "Kalimantan Timur"
    KALIMANTAN_UTARA = "kaltara", "Kalimantan Utara"
    SULAWESI_UTARA = "sulut", "Sulawesi Utara"
    GORONTALO = "gorontalo", "Gorontalo"
    SULAWESI_TENGAH = "sulteng", "Sulawesi Tengah"
    SULAWESI_BARAT = "sulbar", "Sulawesi Barat"
    SULAWESI_SELATAN = "sulsel", "Sulawesi Selatan"
    SULAWESI_TENGGARA = "sultra", "Sulawesi Tenggara"
    MALUKU = "maluku", "Maluku"
    MALUKU_UTARA = "malut", "Maluku Utara"
    PAPUA = "papua", "Papua"
    PAPUA_BARAT = "pabar", "Papua Barat"
    PAPUA_BARAT_DAYA = "pbd", "Papua Barat Daya"
    PAPUA_TENGAH = "pateng", "Papua Tengah"
    PAPUA_PEGUNUNGAN = "papeg", "Papua Pegunungan"
    PAPUA_SELATAN = "pasel", "Papua Selatan"


# Creators a business can find in search: everyone who accepts brand offers.
OPEN_TO_OFFERS = ~Q(contact_preference="none")


class CreatorProfile(models.Model):
    """A creator's public identity on the portal; one per creator account.

    The figures (followers, videos, views) are the latest ones recorded; their
    history is in ``FigureSnapshot``. Change them through ``services.record_figures``.
    """

    class AccountType(models.TextChoices):
        PERSONAL = "personal", _("Public personal account")
        BUSINESS = "business", _("Public business account")
        POLITICAL = "political", _("Political account")
        PRIVATE = "private", _("Private account")

    class ContactPreference(models.TextChoices):
        PORTAL = "portal", _("Through the portal only")
        EMAIL = "email", _("By email")
        NONE = "none", _("Not open to brand offers")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="creator_profile",
        verbose_name=_("user"),
    )
    display_name = models.CharField(_("display name"), max_length=80)
    handle = models.SlugField(
        _("handle"),
        max_length=40,
        unique=True,
        help_text=_(
            "Letters, numbers, hyphens and underscores; used in your public profile address."
        ),
    )
    photo = models.ImageField(_("photo"), upload_to="creators/photos/", blank=True)
    bio = models.TextField(_("bio"), max_length=1000, blank=True)
    date_of_birth = models.DateField(
        _("date of birth"), null=True, blank=True, help_text=_("Private: never shown to brands.")
    )
    country = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="creators",
        verbose_name=_("country"),
    )
    province = models.CharField(
        _("province"),
        max_length=20,
        choices=Province.choices,
        blank=True,
        help_text=_("For creators in Indonesia: brands target campaigns by province."),
    )
    city = models.CharField(_("city"), max_length=80, blank=True)
    languages = models.ManyToManyField(
        Language, blank=True, related_name="creators", verbose_name=_("languages")
    )
    niches = models.ManyToManyField(
        Niche, blank=True, related_name="creators", verbose_name=_("niches")
    )
    account_type = models.CharField(
        _("account type"),
        max_length=16,
        choices=AccountType.choices,
        default=AccountType.PERSONAL,
    )
    posts_original_content = models.BooleanField(
        _("I post original content"),
        default=False,
        help_text=_("Videos you made yourself, not reposts of other people's work."),
    )
    platform_account_created_on = models.DateField(
        _("platform account created on"), null=True, blank=True
    )
    follower_count = models.PositiveIntegerField(_("followers"), default=0)
    public_video_count = models.PositiveIntegerField(
        _("public videos in the last 30 days"), default=0
    )
    views_last_30_days = models.PositiveBigIntegerField(
        _("video views in the last 30 days"), default=0
    )
    figures_recorded_on = models.DateField(_("figures recorded on"), null=True, blank=True)
    engagement_rate = models.DecimalField(
        _("average engagement rate (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    contact_preference = models.CharField(
        _("how brands may contact you"),
        max_length=16,
        choices=ContactPreference.choices,
        default=ContactPreference.PORTAL,
    )
    premium_content_url = models.URLField(
        _("link to premium content you sell elsewhere"),
        blank=True,
        help_text=_("Optional. A page where you already sell paid content."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("creator profile")
        verbose_name_plural = _("creator profiles")
        ordering = ["display_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(engagement_rate__isnull=True)
                | Q(engagement_rate__gte=0, engagement_rate__lte=100),
                name="creator_engagement_rate_is_a_percentage",
            ),
        ]
        # Business search (brands.selectors.search_creators) lists only creators
        # open to offers, filters them by range and sorts them; these partial
        # indexes hold just those creators. Country, niche and language filters
        # use the foreign-key indexes Django already makes (country_id, and both
        # columns of the niche and language join tables).
        indexes = [
            # "Followers from/to" and the follower sorts.
            models.Index(
                "follower_count", "id", condition=OPEN_TO_OFFERS, name="creator_search_followers"
            ),
            # "Average views at least" and the views sort.
            models.Index(
                "views_last_30_days", "id", condition=OPEN_TO_OFFERS, name="creator_search_views"
            ),
            # "Engagement rate at least". The engagement sort puts unreported
            # rates last, an order SQLite cannot index, so it sorts the filtered rows.
            models.Index(
                "engagement_rate", "id", condition=OPEN_TO_OFFERS, name="creator_search_engagement"
            ),
            # "Newest" sort.
            models.Index(
                "created_at", "id", condition=OPEN_TO_OFFERS, name="creator_search_newest"
            ),
            # "Province", and the matcher's region condition (brands.matching),
            # which lists creators living in the provinces a campaign names.
            models.Index(
                "province", "id", condition=OPEN_TO_OFFERS, name="creator_search_province"
            ),
            # "City" (matched whatever the case).
            models.Index(Upper("city"), condition=OPEN_TO_OFFERS, name="creator_search_city"),
        ]

    def __str__(self):
        return f"{self.display_name} (@{self.handle})"

    @property
    def place(self):
        """Where the creator lives, as brands see it: "Bandung, Jawa Barat, Indonesia"."""
        country = self.country.name if self.country_id else ""
        return ", ".join(part for part in [self.city, self.get_province_display(), country] if part)

    @property
    def lives_in_indonesia(self):
        return self.country_id is not None and self.country.code == Region.INDONESIA

    @property
    def misses_province(self):
        """In Indonesia without a province: left out of every campaign that names regions."""
        return self.lives_in_indonesia and not self.province

    def clean(self):
        super().clean()
        if self.province and not self.lives_in_indonesia:
            raise ValidationError(
                {"province": _("Choose a province only if your country is Indonesia.")},
                code="province_outside_indonesia",
            )


class AudienceSegment(models.Model):
    """A share of a creator's audience: a top country, an age bracket or a gender."""

    class Kind(models.TextChoices):
        COUNTRY = "country", _("Country or region")
        AGE = "age", _("Age bracket")
        GENDER = "gender", _("Gender")

    profile = models.ForeignKey(
        CreatorProfile,
        on_delete=models.CASCADE,
        related_name="audience_segments",
        verbose_name=_("creator"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    label = models.CharField(_("label"), max_length=60, help_text=_("e.g. Indonesia, 18-24"))
    share_percent = models.DecimalField(
        _("share of audience (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )

    class Meta:
        verbose_name = _("audience segment")
        verbose_name_plural = _("audience segments")
        ordering = ["kind", "-share_percent"]
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "kind", "label"], name="audience_segment_unique_label"
            ),
            models.CheckConstraint(
                condition=Q(share_percent__gte=0, share_percent__lte=100),
                name="audience_segment_share_is_a_percentage",
            ),
        ]
        # Business search's audience filters (country, age bracket, gender, each
        # with a minimum share) find the creators with a matching segment here.
        indexes = [
            models.Index(
                "kind", Upper("label"), "share_percent", "profile", name="audience_search"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.label} {self.share_percent}%"


class RatePackage(models.Model):
    """One priced offer on a creator's rate card, in whole rupiah."""

    profile = models.ForeignKey(
        CreatorProfile,
        on_delete=models.CASCADE,
        related_name="rate_packages",
        verbose_name=_("creator"),
    )
    name = models.CharField(_("package"), max_length=80, help_text=_('e.g. "1 video"'))
    description = models.CharField(_("what is included"), max_length=200, blank=True)
    price_idr = models.PositiveBigIntegerField(_("price (IDR)"))

    class Meta:
        verbose_name = _("rate card package")
        verbose_name_plural = _("rate card packages")
        ordering = ["price_idr"]
        constraints = [
            models.CheckConstraint(
                condition=Q(price_idr__gt=0), name="rate_package_price_positive"
            ),
        ]
        # Business search's "fee from/to" finds creators with a package in range here.
        indexes = [models.Index(fields=["price_idr", "profile"], name="rate_package_search")]

    def __str__(self):
        return f"{self.name}: Rp{self.price_idr:,}"


class FigureSnapshot(models.Model):
    """A creator's figures as they were on one day, from one source.

    One row per creator, day and source: a later update the same day replaces
    that day's row, so a platform sync can upsert into the same table.
    """

    class Source(models.TextChoices):
        FORM = "form", _("Creator's form")
        CSV = "csv", _("CSV import")
        API = "api", _("Platform sync")

    profile = models.ForeignKey(
        CreatorProfile,
        on_delete=models.CASCADE,
        related_name="figure_snapshots",
        verbose_name=_("creator"),
    )
    recorded_on = models.DateField(_("recorded on"))
    source = models.CharField(_("source"), max_length=8, choices=Source.choices)
    follower_count = models.PositiveIntegerField(_("followers"))
    public_video_count = models.PositiveIntegerField(_("public videos in the last 30 days"))
    views_last_30_days = models.PositiveBigIntegerField(_("video views in the last 30 days"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("figure snapshot")
        verbose_name_plural = _("figure snapshots")
        ordering = ["-recorded_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "recorded_on", "source"], name="figure_snapshot_one_per_day"
            ),
        ]

    def __str__(self):
        return f"{self.profile_id} {self.recorded_on}: {self.follower_count}"


class Programme(models.Model):
    """A monetisation programme whose rules are data that staff edit.

    An empty threshold means the programme does not check that criterion.
    """

    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=80)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("open for applications"), default=True)
    minimum_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    eligible_regions = models.ManyToManyField(
        Region,
        blank=True,
        related_name="programmes",
        verbose_name=_("eligible regions"),
        help_text=_("Leave empty to accept creators from every region."),
    )
    minimum_followers = models.PositiveIntegerField(_("minimum followers"), null=True, blank=True)
    allows_premium_content_exception = models.BooleanField(
        _("premium content exception"),
        default=False,
        help_text=_(
            "Creators below the minimum followers may apply with a link to premium "
            "content they already sell elsewhere."
        ),
    )
    minimum_account_age_days = models.PositiveSmallIntegerField(
        _("minimum account age (days)"), null=True, blank=True
    )
    minimum_public_videos = models.PositiveSmallIntegerField(
        _("minimum public videos"), null=True, blank=True
    )
    minimum_views = models.PositiveBigIntegerField(_("minimum video views"), null=True, blank=True)
    figures_window_days = models.PositiveSmallIntegerField(
        _("figures window (days)"),
        default=30,
        help_text=_(
            "Videos and views count only when the figures were recorded within this many days."
        ),
    )
    requires_public_account = models.BooleanField(
        _("requires a public personal or business account"), default=False
    )
    requires_original_content = models.BooleanField(_("requires original content"), default=False)
    disqualifying_violations = models.PositiveSmallIntegerField(
        _("violations that disqualify"),
        null=True,
        blank=True,
        help_text=_("This many Community Guidelines violations within the window disqualify."),
    )
    violation_window_days = models.PositiveSmallIntegerField(
        _("violation window (days)"), default=90
    )
    reapply_cooldown_days = models.PositiveSmallIntegerField(
        _("days before a rejected creator may apply again"), default=30
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(figures_window_days__gte=1), name="programme_figures_window_positive"
            ),
            models.CheckConstraint(
                condition=Q(violation_window_days__gte=1),
                name="programme_violation_window_positive",
            ),
        ]

    def __str__(self):
        return self.name


class Violation(models.Model):
    """A Community Guidelines violation that staff recorded against a creator."""

    class Kind(models.TextChoices):
        SPAM = "spam", _("Spam or fake engagement")
        HARASSMENT = "harassment", _("Harassment or bullying")
        HATE = "hate", _("Hateful behaviour")
        DANGEROUS = "dangerous", _("Dangerous acts")
        INTELLECTUAL_PROPERTY = "ip", _("Intellectual property")
        ADULT = "adult", _("Adult content")
        OTHER = "other", _("Other")

    profile = models.ForeignKey(
        CreatorProfile,
        on_delete=models.CASCADE,
        related_name="violations",
        verbose_name=_("creator"),
    )
    occurred_on = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("Community Guidelines violation")
        verbose_name_plural = _("Community Guidelines violations")
        ordering = ["-occurred_on"]
        indexes = [models.Index(fields=["profile", "occurred_on"])]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.occurred_on})"


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
