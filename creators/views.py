from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.charts import line_chart
from core.permissions import creator_required
from creators import selectors, services
from creators.forms import (
    ApplicationForm,
    AudienceSegmentFormSet,
    FiguresForm,
    ProfileForm,
    RatePackageFormSet,
    formset_rows,
)
from creators.models.figures import FigureSnapshot
from creators.models.profiles import CreatorProfile
from creators.models.programmes import Programme

APPLICATIONS_PER_PAGE = 10
SNAPSHOTS_PER_PAGE = 20


@require_GET
@creator_required
def dashboard(request):
    """The creator's dashboard. All but the collaborations card, the account
    card and the Apply forms (their CSRF token) is kept in the ``fragments``
    cache per language, user, day and page of applications under the
    creator's version and the names' version (``selectors.kept_for_creator``): every
    change of the profile, figures, applications, violations, TikTok link or a
    programme's rules changes one of them, and eligibility, which depends on
    the day, is kept for that day only. Other query parameters than ``page``
    are read through (the pagination links keep them)."""
    today = timezone.localdate()
    page = request.GET.get("page", "")
    key = None
    if set(request.GET) <= {"page"} and len(page) <= 6:
        key = f"creator-dashboard:{get_language()}:{request.user.pk}:{today}:{page}"
    profile_id, parts = selectors.kept_for_creator(
        key,
        lambda: selectors.profile_for_dashboard(user=request.user),
        lambda profile: _dashboard_parts(request, profile, today),
    )
    return render(
        request,
        "creators/dashboard.html",
        {"profile": CreatorProfile(pk=profile_id), "dashboard": parts},
    )


def _dashboard_parts(request, profile, today):
    """The dashboard's kept HTML: the part above the collaborations card, the
    part below it, and ``(form id, action)`` of each Apply form its buttons submit."""
    checklists = selectors.programme_checklists(profile=profile, today=today)
    context = {
        "profile": profile,
        "checklists": checklists,
        "applications": selectors.applications_page(
            profile=profile, number=request.GET.get("page"), per_page=APPLICATIONS_PER_PAGE
        ),
        "chart": line_chart(selectors.follower_history(profile=profile)),
        "tiktok_status": profile.tiktok_status,
    }
    return {
        "top": render_to_string("creators/includes/dashboard_top.html", context, request),
        "bottom": render_to_string("creators/includes/dashboard_bottom.html", context, request),
        "apply_forms": [
            (f"apply-{slug}", reverse("creators:apply", args=[slug]))
            for slug in (
                checklist.programme.slug
                for checklist in checklists
                if checklist.current_application is None
                and (checklist.evaluation.can_apply or checklist.evaluation.can_apply_with_link)
            )
        ],
    }


@require_http_methods(["GET", "POST"])
@creator_required
def edit_profile(request):
    profile = get_object_or_404(CreatorProfile, user=request.user)
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    form = ProfileForm(
        data, files, instance=profile, figures_locked=selectors.figures_locked(profile=profile)
    )
    packages = RatePackageFormSet(data, instance=profile, prefix="packages")
    audience = AudienceSegmentFormSet(data, instance=profile, prefix="audience")
    if request.method == "POST" and all(f.is_valid() for f in (form, packages, audience)):
        services.update_profile(
            profile=profile,
            **form.changes(),
            packages=formset_rows(packages),
            audience=formset_rows(audience),
        )
        messages.success(request, _("Your profile is saved."))
        return redirect("creators:dashboard")
    return render(
        request,
        "creators/profile_form.html",
        {"form": form, "packages": packages, "audience": audience, "profile": profile},
    )


@require_http_methods(["GET", "POST"])
@creator_required
def figures(request):
    profile = get_object_or_404(CreatorProfile, user=request.user)
    locked = selectors.figures_locked(profile=profile)
    form = FiguresForm(
        request.POST or None,
        initial={
            "follower_count": profile.follower_count,
            "public_video_count": profile.public_video_count,
            "views_last_30_days": profile.views_last_30_days,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_figures(
                profile=profile,
                recorded_on=timezone.localdate(),
                source=FigureSnapshot.Source.FORM,
                **form.cleaned_data,
            )
        except services.FiguresRefused as refusal:
            messages.error(request, str(refusal))
            return redirect("creators:figures")
        messages.success(request, _("Your figures are updated."))
        return redirect("creators:dashboard")
    snapshots = Paginator(
        profile.figure_snapshots.order_by("-recorded_on", "-created_at"), SNAPSHOTS_PER_PAGE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "creators/figures.html",
        {"form": form, "profile": profile, "snapshots": snapshots, "locked": locked},
    )


@require_POST
@creator_required
def apply(request, slug):
    profile = selectors.profile_for_evaluation(user=request.user)
    programme = get_object_or_404(
        Programme.objects.prefetch_related("eligible_regions"), slug=slug, is_active=True
    )
    form = ApplicationForm(request.POST)
    # Posted only when the application form asked for it (the exception applies).
    asked = "premium_content_url" in request.POST
    try:
        if not form.is_valid():
            raise services.ApplicationRefused(form.errors["premium_content_url"])
        services.submit_application(
            profile=profile,
            programme=programme,
            premium_content_url=form.cleaned_data["premium_content_url"] if asked else None,
        )
    except services.ApplicationRefused as refusal:
        messages.error(
            request,
            _("Your application to %(programme)s was not sent: %(reasons)s")
            % {"programme": programme.label, "reasons": " ".join(refusal.reasons)},
        )
    else:
        messages.success(
            request,
            _(
                "Your application to %(programme)s is submitted. Staff will review it; "
                "applying does not guarantee approval."
            )
            % {"programme": programme.label},
        )
    return redirect("creators:dashboard")


@require_GET
@creator_required
def application_detail(request, pk):
    profile = get_object_or_404(CreatorProfile, user=request.user)
    application = selectors.application_of(profile=profile, pk=pk)
    return render(request, "creators/application_detail.html", {"application": application})


@require_POST
@creator_required
def withdraw(request, pk):
    profile = get_object_or_404(CreatorProfile, user=request.user)
    application = selectors.application_of(profile=profile, pk=pk)
    try:
        services.withdraw_application(application=application, changed_by=request.user)
    except services.ApplicationRefused as refusal:
        messages.error(request, " ".join(refusal.reasons))
    else:
        messages.success(request, _("Your application is withdrawn."))
    return redirect("creators:application_detail", pk=application.pk)


@require_GET
def media_kit(request, handle):
    """A creator's public media kit. Its body is the same for every visitor:
    it is kept in the process's ``fragments`` cache per language and handle
    under the creator's version and the names' version (``core.versions``),
    which every change of what it shows changes, so a kept body costs no
    query. With the cache unreachable (no version) it is read every time."""
    _profile_id, (title, body) = selectors.kept_for_creator(
        f"media-kit:{get_language()}:{handle}",
        lambda: selectors.media_kit_profile(handle=handle),
        lambda profile: (
            profile.display_name,
            render_to_string("creators/includes/media_kit_body.html", {"profile": profile}),
        ),
    )
    return render(request, "creators/media_kit.html", {"title": title, "body": body})
