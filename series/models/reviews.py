"""Buyers' ratings and reviews of a Series."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from series.models.catalogue import Series


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
