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
from portal import privacy
from portal.forms import DeleteAccountForm, RoleForm
from portal.health import run_checks

DASHBOARD_FOR_ROLE = {
    User.Role.CREATOR: "creators:dashboard",
    User.Role.BUSINESS: "brands:dashboard",
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
    """allauth's signup, with the role preselected from ``?role=creator|business``."""

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
