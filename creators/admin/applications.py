"""The review queue: staff decide on creators' programme applications."""

from datetime import timedelta

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core.admin_site import CachedRowsMixin
from creators import services
from creators.admin.filters import NamedChoicesFilter
from creators.admin.versions import CREATOR_LIST_VERSION
from creators.eligibility import evaluate
from creators.forms import ApplicationDecisionForm
from creators.models.applications import ApplicationDecision, ProgrammeApplication
from creators.models.names import NAMES_VERSION, ActiveName
from creators.models.profiles import CreatorProfile

Status = ProgrammeApplication.Status


class QueueFilter(admin.SimpleListFilter):
    """The review queue opens on open applications; decided ones are a click away."""

    title = _("queue")
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [("open", _("Open")), ("decided", _("Decided")), ("all", _("All"))]

    def value(self):
        return super().value() or "open"

    def queryset(self, request, queryset):
        if self.value() == "open":
            return queryset.filter(status__in=ProgrammeApplication.OPEN_STATUSES)
        if self.value() == "decided":
            return queryset.exclude(status__in=ProgrammeApplication.OPEN_STATUSES)
        return queryset

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }


class WaitingFilter(admin.SimpleListFilter):
    """How long an application has waited since submission."""

    title = _("waiting")
    parameter_name = "waiting"
    DAYS = {"week": 7, "month": 30}

    def lookups(self, request, model_admin):
        return [
            ("new", _("Less than a week")),
            ("week", _("More than a week")),
            ("month", _("More than 30 days")),
        ]

    def queryset(self, request, queryset):
        week_ago = timezone.now() - timedelta(days=7)
        if self.value() == "new":
            return queryset.filter(submitted_at__gte=week_ago)
        if self.value() in self.DAYS:
            return queryset.filter(
                submitted_at__lt=timezone.now() - timedelta(days=self.DAYS[self.value()])
            )
        return queryset


class CreatorAgeFilter(admin.SimpleListFilter):
    """The creator's age today, from their date of birth."""

    title = _("creator's age")
    parameter_name = "creator_age"
    BRACKETS = {"under-18": (0, 17), "18-24": (18, 24), "25-34": (25, 34), "35-plus": (35, 150)}

    def lookups(self, request, model_admin):
        return [
            ("under-18", _("Under 18")),
            ("18-24", "18–24"),
            ("25-34", "25–34"),
            ("35-plus", _("35 and over")),
            ("unknown", _("Not given")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "unknown":
            return queryset.filter(profile__date_of_birth__isnull=True)
        if self.value() not in self.BRACKETS:
            return queryset
        youngest, oldest = self.BRACKETS[self.value()]
        today = timezone.localdate()
        born_after = _years_before(today, oldest + 1)
        born_on_or_before = _years_before(today, youngest)
        return queryset.filter(
            profile__date_of_birth__gt=born_after, profile__date_of_birth__lte=born_on_or_before
        )


def _years_before(day, years):
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year - years, day=28)


class ApplicationDecisionInline(admin.TabularInline):
    model = ApplicationDecision
    extra = 0
    can_delete = False
    fields = ["created_at", "changed_by", "from_status", "to_status", "reason"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ProgrammeApplication)
class ProgrammeApplicationAdmin(CachedRowsMixin, admin.ModelAdmin):
    list_display = [
        "id",
        "creator",
        "programme",
        "status",
        "region",
        "followers_now",
        "used_premium_content_exception",
        "premium_content_link",
        "submitted_at",
    ]
    list_display_links = ["id", "creator"]
    list_filter = [
        QueueFilter,
        ("programme", NamedChoicesFilter),
        "status",
        ("profile__country", NamedChoicesFilter),
        CreatorAgeFilter,
        WaitingFilter,
    ]
    search_fields = ["profile__handle", "profile__display_name", "profile__user__email"]
    list_select_related = ["profile__country", "programme"]
    list_only = [
        "status",
        "used_premium_content_exception",
        "premium_content_url",
        "submitted_at",
        "profile__display_name",
        "profile__handle",
        "profile__follower_count",
        "profile__country__name",
        "profile__country__name_id",
        "programme__name",
        "programme__name_id",
    ]
    list_per_page = 50
    show_full_result_count = False
    # Rows and count kept until an application, a creator or a name changes;
    # read every time when filtered on the creator's age or the time waited
    # (both move with the clock).
    list_versions = [CREATOR_LIST_VERSION, NAMES_VERSION]
    unkept_parameters = [CreatorAgeFilter.parameter_name, WaitingFilter.parameter_name]
    ordering = ["submitted_at"]
    actions = ["mark_in_review", "approve", "reject"]
    inlines = [ApplicationDecisionInline]
    fields = [
        "profile",
        "programme",
        "status",
        "submitted_at",
        "decided_at",
        "decision_reason",
        "used_premium_content_exception",
        "premium_content_link",
        "review",
        "snapshot_and_current",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("profile__country", "programme")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("creator"), ordering="profile__display_name")
    def creator(self, application):
        return f"{application.profile.display_name} (@{application.profile.handle})"

    @admin.display(
        description=_("region"),
        ordering=ActiveName("profile__country__name", "profile__country__name_id"),
    )
    def region(self, application):
        return application.profile.country or "—"

    @admin.display(description=_("followers now"), ordering="profile__follower_count")
    def followers_now(self, application):
        return application.profile.follower_count

    @admin.display(description=_("premium content link"))
    def premium_content_link(self, application):
        """The link given under the exception, opening in a new tab; an address
        that is not http(s) is shown as text, never as a link."""
        url = application.premium_content_web_link
        if not url:
            return application.premium_content_url or "—"
        return format_html(
            '<a href="{}" target="_blank" rel="noopener noreferrer">{}</a>', url, url
        )

    @admin.display(description=_("decision"))
    def review(self, application):
        if not application.is_open:
            return "—"
        return format_html(
            '<a class="button" href="{}">{}</a>',
            reverse("admin:creators_programmeapplication_decide", args=[application.pk]),
            gettext("Approve or reject…"),
        )

    @admin.display(description=_("checklist at submission and now"))
    def snapshot_and_current(self, application):
        profile = (
            CreatorProfile.objects.select_related("country")
            .prefetch_related("violations")
            .get(pk=application.profile_id)
        )
        current = {c.code: c for c in evaluate(profile, application.programme).criteria}

        def met(criterion_met, waived):
            if criterion_met:
                return gettext("met")
            return gettext("waived") if waived else gettext("not met")

        rows = []
        for saved in application.evaluation_snapshot.get("criteria", []):
            now = current.get(saved["code"])
            rows.append(
                (
                    saved["label"],
                    saved["threshold"],
                    saved["value"],
                    met(saved["met"], saved.get("waived")),
                    now.value if now else "—",
                    met(now.met, now.waived) if now else "—",
                )
            )
        return format_html(
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>"
            "<tbody>{}</tbody></table>",
            gettext("Criterion"),
            gettext("Needed"),
            gettext("At submission"),
            gettext("Now"),
            format_html_join(
                "",
                "<tr><td>{}</td><td>{}</td><td>{} ({})</td><td>{} ({})</td></tr>",
                rows,
            ),
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/decide/",
                self.admin_site.admin_view(self.decide_view),
                name="creators_programmeapplication_decide",
            ),
            *super().get_urls(),
        ]

    def _decide(self, request, applications, form):
        """Apply one decision to each application; report what changed and what could not."""
        done = 0
        for application in applications:
            try:
                services.change_application_status(
                    application=application,
                    changed_by=request.user,
                    status=form.cleaned_data["status"],
                    reason=form.cleaned_data["reason"],
                )
                done += 1
            except services.ApplicationRefused as refusal:
                self.message_user(
                    request, f"#{application.pk}: {' '.join(refusal.reasons)}", messages.ERROR
                )
        if done:
            self.message_user(
                request,
                ngettext(
                    "%(count)s application is now %(status)s; the creator is emailed.",
                    "%(count)s applications are now %(status)s; the creators are emailed.",
                    done,
                )
                % {"count": done, "status": Status(form.cleaned_data["status"]).label.lower()},
                messages.SUCCESS,
            )

    def _decision_page(self, request, applications, form, *, bulk):
        return TemplateResponse(
            request,
            "admin/creators/programmeapplication/decide.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": gettext("Decide on applications"),
                "applications": applications,
                "form": form,
                "bulk": bulk,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )

    def decide_view(self, request, pk):
        if not self.has_change_permission(request):
            raise PermissionDenied
        application = get_object_or_404(self.get_queryset(request), pk=pk)
        form = ApplicationDecisionForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            self._decide(request, [application], form)
            # The bulk actions are logged per object by core.admin_site; this
            # page is not an action, so it records its decision itself.
            self.log_change(
                request,
                application,
                gettext("Decided: %(status)s. %(reason)s")
                % {
                    "status": ProgrammeApplication.Status(form.cleaned_data["status"]).label,
                    "reason": form.cleaned_data["reason"],
                },
            )
            return redirect("admin:creators_programmeapplication_change", application.pk)
        return self._decision_page(request, [application], form, bulk=False)

    def _bulk(self, request, queryset, status):
        if "confirm" in request.POST:
            form = ApplicationDecisionForm(request.POST)
            if form.is_valid():
                self._decide(request, list(queryset), form)
                return None
        else:
            form = ApplicationDecisionForm(initial={"status": status})
        return self._decision_page(request, list(queryset), form, bulk=True)

    @admin.action(description=_("Mark selected applications as in review"))
    def mark_in_review(self, request, queryset):
        return self._bulk(request, queryset, Status.IN_REVIEW)

    @admin.action(description=_("Approve selected applications"))
    def approve(self, request, queryset):
        return self._bulk(request, queryset, Status.APPROVED)

    @admin.action(description=_("Reject selected applications (with a reason)"))
    def reject(self, request, queryset):
        return self._bulk(request, queryset, Status.REJECTED)
