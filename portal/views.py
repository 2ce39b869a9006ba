from allauth.account.views import SignupView as AllauthSignupView
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from django.views.i18n import set_language as django_set_language

from portal.forms import RoleForm
from portal.health import run_checks
from portal.models import User

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
    form = RoleForm(request.POST or None)
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
