"""Monetisation programmes and the Community Guidelines violations they weigh."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from creators.models.names import NamedInBothLanguages, in_active_language
from creators.models.places import Region
from creators.models.profiles import CreatorProfile


class Programme(NamedInBothLanguages):
    """A monetisation programme whose rules are data that staff edit.

    An empty threshold means the programme does not check that criterion.
    """

    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    name = models.CharField(_("name in English"), max_length=80)
    description = models.TextField(_("description in English"), blank=True)
    description_id = models.TextField(_("description in Indonesian"), blank=True)
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
    minimum_video_seconds = models.PositiveIntegerField(
        _("videos must last longer than (seconds)"),
        null=True,
        blank=True,
        help_text=_("Only videos longer than this count (Creativity Program: 60)."),
    )
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

    class Meta(NamedInBothLanguages.Meta):
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [
            models.CheckConstraint(
                condition=Q(figures_window_days__gte=1), name="programme_figures_window_positive"
            ),
            models.CheckConstraint(
                condition=Q(violation_window_days__gte=1),
                name="programme_violation_window_positive",
            ),
        ]

    @property
    def description_label(self):
        """The description in the active language, the other one when that is empty."""
        return in_active_language(self.description, self.description_id)


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
