from django.db import models
from django.utils.translation import gettext_lazy as _


class RefreshRun(models.Model):
    """One full refresh fanned out over workers (``matching.fanout``): how many
    campaigns and chunks it has, what each chunk recorded, and the totals once
    the last chunk is in. A chunk recorded twice (a retried or redelivered
    task) counts once: ``chunk_results`` is keyed by the chunk's number."""

    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        # Every chunk is in, but at least one failed for good (its campaigns keep
        # their previous matches until the next refresh).
        FAILED = "failed", _("Failed")

    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.RUNNING
    )
    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    campaigns = models.PositiveIntegerField(_("campaigns"), default=0)
    chunks = models.PositiveIntegerField(_("chunks"), default=0)
    # {"<chunk number>": {"campaigns", "stored", "creators", "load_seconds", "seconds", "pid"}},
    # or {"failed": true, "error", "campaigns", "stored": 0, "creators": 0} for a chunk
    # whose task failed for good.
    chunk_results = models.JSONField(_("chunk results"), default=dict, blank=True)
    creators = models.PositiveIntegerField(_("creators"), default=0)
    stored = models.PositiveIntegerField(_("matches stored"), default=0)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("match refresh")
        verbose_name_plural = _("match refreshes")

    def __str__(self):
        return f"{self.pk}: {self.get_status_display()}"
