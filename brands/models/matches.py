"""The matcher's tables: staff-edited weights, runs and the matches they store."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from brands.models.campaigns import Campaign


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
