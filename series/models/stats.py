"""Per-day figures of a Series for its creator's analytics."""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from series.models.catalogue import Series


class DailyStats(models.Model):
    """One Series' figures for one day (Asia/Jakarta), pre-aggregated for the
    creator's analytics page.

    Purchases, revenue and refunds are added in the same transaction as the
    purchase or refund itself, so they always add up to the orders. Page views,
    preview plays and episode starts and completions are counted in the cache
    during the request and added here by ``services.counters.flush_event_counters`` (a
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
