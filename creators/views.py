from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from creators.models import CreatorProfile
from portal.permissions import creator_required


@require_GET
@creator_required
def dashboard(request):
    profile = get_object_or_404(CreatorProfile, user=request.user)
    return render(request, "creators/dashboard.html", {"profile": profile})
