from django.shortcuts import render
from django.views.decorators.http import require_GET

from brands.selectors import memberships_for_user
from portal.permissions import business_required


@require_GET
@business_required
def dashboard(request):
    memberships = list(memberships_for_user(request.user))
    return render(request, "brands/dashboard.html", {"memberships": memberships})
