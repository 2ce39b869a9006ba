import json

from allauth.account.views import SignupView as AllauthSignupView
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from django.views.i18n import set_language as django_set_language

from core.models import User
from portal import privacy, services
from portal.forms import BecomeCreatorForm, DeleteAccountForm, OpenBusinessForm, RoleForm
from portal.health import run_checks

DASHBOARD_FOR_ROLE = {
    User.Role.CREATOR: "creators:dashboard",
    User.Role.BUSINESS: "brands:dashboard",
    User.Role.FAN: "fans:home",
}


@require_GET
def home(request):
    return render(request, "portal/home.html")


@login_required
@require_http_methods(["GET", "POST"])
def dashboard(request):
    """Send each user to the dashboard of their role. Accounts without a role
    (made by staff in the admin, say) choose one here."""
    user = request.user
    if user.role in DASHBOARD_FOR_ROLE:
        return redirect(DASHBOARD_FOR_ROLE[user.role])
    if user.is_staff and request.method == "GET":
        return redirect("admin:index")
    form = RoleForm(request.POST or None, initial={"full_name": user.full_name})
    if request.method == "POST" and form.is_valid():
        form.set_up(user)
        return redirect(DASHBOARD_FOR_ROLE[user.role])
    return render(request, "portal/choose_role.html", {"form": form})


class SignupView(AllauthSignupView):
    """allauth's signup, with the role preselected from ``?role=creator|business|fan``."""

    def get_initial(self):
        initial = super().get_initial()
        role = self.request.GET.get("role")
        if role in User.Role.values:
            initial["role"] = role
        return initial


def set_language(request):
    """Django's language switch; for a logged-in user it also becomes the
    language of their emails."""
    response = django_set_language(request)
    language = request.POST.get("language")
    user = request.user
    if request.method == "POST" and user.is_authenticated and language in dict(settings.LANGUAGES):
        User.objects.filter(pk=user.pk).update(language=language)
    return response


@never_cache
@require_GET
def healthz(request):
    checks = run_checks()
    healthy = all(result == "ok" for result in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": checks},
        status=200 if healthy else 503,
    )


@login_required
@require_GET
def privacy_overview(request):
    """What the portal keeps about you, with the download and the way out."""
    return render(
        request,
        "account/privacy.html",
        {"blockers": privacy.deletion_blockers(request.user)},
    )


@login_required
@require_GET
@never_cache
def privacy_export(request):
    data = privacy.export_user_data(request.user)
    filename = f"portal-data-{timezone.localdate():%Y-%m-%d}.json"
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
@never_cache
def privacy_delete(request):
    """Close the account after the password is entered again."""
    user = request.user
    blockers = privacy.deletion_blockers(user)
    # An empty POST is still a submission: it must show "required", not a fresh form.
    form = DeleteAccountForm(request.POST if request.method == "POST" else None, user=user)
    if request.method == "POST" and not blockers and form.is_valid():
        try:
            privacy.delete_account(user=user)
        except privacy.AccountDeletionRefused as refused:
            blockers = refused.reasons
        else:
            logout(request)
            messages.success(request, _("Your account is closed and your personal data deleted."))
            return redirect("home")
    return render(
        request,
        "account/privacy_delete.html",
        {"form": form, "blockers": blockers, "has_password": user.has_usable_password()},
    )


@login_required
@require_GET
def account(request):
    """The account page: login details, data, and for a fan the way to become a
    creator or open a business."""
    return render(request, "account/overview.html")


def _fans_only(request):
    """A fan changes role here; anyone else already has theirs."""
    if request.user.is_fan:
        return None
    messages.error(request, _("Your account already has a creator or business side."))
    return redirect("dashboard")


@login_required
@require_http_methods(["GET", "POST"])
def become_creator(request):
    """A fan becomes a creator on the same login, then sets up their profile."""
    if refused := _fans_only(request):
        return refused
    form = BecomeCreatorForm(request.POST or None, initial={"name": request.user.full_name})
    if request.method == "POST" and form.is_valid():
        try:
            services.leave_fan_role(
                user=request.user, role=User.Role.CREATOR, name=form.cleaned_data["name"]
            )
        except services.RoleChangeRefused as refusal:
            messages.error(request, refusal.message)
            return redirect("dashboard")
        messages.success(
            request,
            _("Welcome, creator! Fill in your profile; your purchases are still in your library."),
        )
        return redirect("creators:edit_profile")
    return render(request, "account/become_creator.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def open_business(request):
    """A fan opens a business on the same login, then fills in its profile."""
    if refused := _fans_only(request):
        return refused
    form = OpenBusinessForm(request.POST or None, initial={"full_name": request.user.full_name})
    if request.method == "POST" and form.is_valid():
        try:
            business = services.leave_fan_role(
                user=request.user,
                role=User.Role.BUSINESS,
                name=form.cleaned_data["name"],
                full_name=form.cleaned_data["full_name"],
            )
        except services.RoleChangeRefused as refusal:
            messages.error(request, refusal.message)
            return redirect("dashboard")
        messages.success(
            request,
            _("Your business is open. Tell creators about it; your purchases are still yours."),
        )
        return redirect("brands:profile", business_id=business.pk)
    return render(request, "account/open_business.html", {"form": form})
