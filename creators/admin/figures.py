"""Staff look through creators' figures and import them from CSV."""

from django.contrib import admin, messages
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext

from creators import services
from creators.forms import FigureImportForm
from creators.models.figures import FigureSnapshot


@admin.register(FigureSnapshot)
class FigureSnapshotAdmin(admin.ModelAdmin):
    list_display = [
        "profile",
        "recorded_on",
        "follower_count",
        "public_video_count",
        "views_last_30_days",
        "engagement_rate",
        "source",
    ]
    list_filter = ["source", "recorded_on"]
    search_fields = ["profile__handle", "profile__display_name"]
    list_select_related = ["profile"]
    raw_id_fields = ["profile"]
    change_list_template = "admin/creators/figuresnapshot/change_list.html"

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_csv),
                name="creators_figuresnapshot_import",
            ),
            *super().get_urls(),
        ]

    def import_csv(self, request):
        """Staff upload figures as CSV; good rows are kept, bad rows listed."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = FigureImportForm(request.POST or None, request.FILES or None)
        result = None
        if request.method == "POST" and form.is_valid():
            result = services.import_figures_csv(form.cleaned_data["file"])
            # One entry for the whole file (it is not one object's change).
            LogEntry.objects.create(
                user=request.user,
                content_type=ContentType.objects.get_for_model(FigureSnapshot),
                object_repr=form.cleaned_data["file"].name[:200],
                action_flag=ADDITION,
                change_message=gettext(
                    "CSV import: %(imported)s rows imported, %(errors)s refused."
                )
                % {"imported": result.imported, "errors": len(result.errors)},
            )
            messages.info(
                request,
                gettext("%(imported)s rows imported, %(errors)s rows refused.")
                % {"imported": result.imported, "errors": len(result.errors)},
            )
        return TemplateResponse(
            request,
            "admin/creators/figuresnapshot/import.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": gettext("Import figures from CSV"),
                "form": form,
                "result": result,
            },
        )
