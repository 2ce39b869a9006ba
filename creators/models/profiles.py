"""A creator's profile, its rate card and its audience."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from core.money import format_money
from creators.models.categories import Language, Niche
from creators.models.places import Province, Region

# Creators a business can find in search: everyone who accepts brand offers.
OPEN_TO_OFFERS = ~Q(contact_preference="none")


class FigureSource(models.TextChoices):
    """Where figures come from: typed in by the creator, imported by staff, or
    read from TikTok (stored as "api", its value since before TikTok was linked)."""

    FORM = "form", _("Creator's form")
    CSV = "csv", _("CSV import")
    API = "api", _("TikTok")


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
    # Where the current figures come from; empty before any were recorded.
    figures_source = models.CharField(
        _("figures from"),
        max_length=8,
        choices=FigureSource.choices,
        blank=True,
    )
    figures_verified_at = models.DateTimeField(
        _("figures last read from TikTok"), null=True, blank=True
    )
    figures_stale_since = models.DateTimeField(
        _("TikTok has not answered since"),
        null=True,
        blank=True,
        help_text=_("Set when reading TikTok failed; the last good figures stay."),
    )
    # How the creator's posted campaign videos did against their own average
    # views (``collaborations.selectors.track_records``), copied here by the
    # collaborations service that records the videos' figures so that profile
    # pages show it without reading collaborations.
    posted_videos_measured = models.PositiveIntegerField(_("campaign videos measured"), default=0)
    posted_videos_vs_average = models.DecimalField(
        _("campaign videos' views against the creator's average"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("1.00 is the creator's usual views; each video counts at most 3.00."),
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
            # "Province", and the matcher's region condition (matching.scoring),
            # which lists creators living in the provinces a campaign names.
            models.Index(
                "province", "id", condition=OPEN_TO_OFFERS, name="creator_search_province"
            ),
            # "City" (matched whatever the case).
            models.Index(Upper("city"), condition=OPEN_TO_OFFERS, name="creator_search_city"),
            # The staff admin's list of creators in its default order: by name,
            # then newest first (Django adds "-pk" to make the order total).
            models.Index(fields=["display_name", "-id"], name="creator_admin_order"),
        ]

    def __str__(self):
        return f"{self.display_name} (@{self.handle})"

    @property
    def figures_are_verified(self):
        """The current figures were read from TikTok (not typed in or imported)."""
        return self.figures_source == FigureSource.API and self.figures_verified_at is not None

    @property
    def place(self):
        """Where the creator lives, as brands see it: "Bandung, Jawa Barat, Indonesia"."""
        country = self.country.label if self.country_id else ""
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
        return f"{self.name}: {format_money(self.price_idr)}"
