from django.contrib import admin
from django.shortcuts import redirect
from django.utils.html import format_html_join
from django.utils.translation import gettext, gettext_lazy

from brands.models import CampaignMatch, MatchingWeights, MatchRun
from core.admin_site import ReadOnlyMixin
from matching.explain import PART_LABELS, explain
from matching.models import RefreshRun


@admin.register(MatchingWeights)
class MatchingWeightsAdmin(admin.ModelAdmin):
    """The one row of weights the matcher reads: staff change how much each part
    of a score counts. New weights apply from the next run (the periodic refresh
    reruns every live campaign)."""

    fields = [*MatchingWeights.PARTS, "updated_at"]
    readonly_fields = ["updated_at"]
    list_display = ["__str__", *MatchingWeights.PARTS, "updated_at"]

    def has_add_permission(self, request):
        # The one row exists from first use (``MatchingWeights.current()``);
        # answering without a query keeps every admin page's query count flat.
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        """A list of one row is a detour: open the weights themselves."""
        weights = MatchingWeights.current()
        return redirect("admin:brands_matchingweights_change", weights.pk)


@admin.register(MatchRun)
class MatchRunAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """What the matcher did for each campaign: queued, running, done or failed."""

    list_display = [
        "campaign",
        "status",
        "queued_at",
        "started_at",
        "finished_at",
        "candidates",
    ]
    list_filter = ["status", "finished_at"]
    search_fields = ["campaign__product_name", "campaign__business__name"]
    list_select_related = ["campaign"]


@admin.register(CampaignMatch)
class CampaignMatchAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """The stored best matches of each campaign, with the parts of each score."""

    list_display = ["campaign", "rank", "creator", "score", "tier", "followers", "computed_at"]
    list_filter = ["tier", "computed_at"]
    search_fields = ["campaign__product_name", "creator__display_name", "creator__handle"]
    list_select_related = ["campaign", "creator"]
    raw_id_fields = ["campaign", "creator"]
    readonly_fields = ["reasons"]

    @admin.display(description=gettext_lazy("Reasons"))
    def reasons(self, match):
        return format_html_join(
            "",
            "<p><strong>{}</strong> ({}): {}</p>",
            ((PART_LABELS[part["part"]], part["score"], explain(part)) for part in match.parts),
        )


@admin.register(RefreshRun)
class RefreshRunAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Each fanned-out full refresh: its chunks, their times and totals, and
    whether a chunk failed for good (then the refresh is "failed")."""

    list_display = [
        "started_at",
        "status",
        "finished_at",
        "campaigns",
        "chunks",
        "creators",
        "stored",
    ]
    list_filter = ["status"]
    date_hierarchy = "started_at"
    readonly_fields = ["chunk_table"]
    exclude = ["chunk_results"]

    @admin.display(description=gettext_lazy("Chunks"))
    def chunk_table(self, refresh):
        """One line per recorded chunk: campaigns, matches stored, seconds, worker."""
        rows = sorted(refresh.chunk_results.items(), key=lambda item: int(item[0]))
        return format_html_join(
            "",
            "<p>#{}: {} {}, {} {}, {} s, {}</p>",
            (
                (
                    number,
                    chunk["campaigns"],
                    gettext("campaigns"),
                    chunk["stored"],
                    gettext("matches"),
                    chunk.get("seconds", "–"),
                    gettext("failed: %(error)s") % {"error": chunk["error"]}
                    if chunk.get("failed")
                    else gettext("worker %(pid)s") % {"pid": chunk.get("pid", "?")},
                )
                for number, chunk in rows
            ),
        )
