"""The draft the business approves before anything is posted: its page, its
upload, and its private file. The creator, the business's members and staff
see them; for everyone else (signed in or not) they do not exist (404)."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from collaborations import selectors
from collaborations.forms import DraftChangesForm, DraftForm
from collaborations.models import Collaboration, Side
from collaborations.services import CollaborationError
from collaborations.services.drafts import draft_max_bytes, submit_draft
from core.private_files import file_response
from core.videos import declared_upload_too_large, too_large_error

Status = Collaboration.Status


def _visible(request, pk):
    """The collaboration and ``request.user``'s side in it (None for staff), or a 404."""
    collaboration = get_object_or_404(selectors.collaborations_visible_to(request.user), pk=pk)
    return collaboration, selectors.side_of(collaboration, request.user)


def render_draft_page(request, collaboration, side, *, form=None, changes_form=None, status=200):
    can_upload = side == Side.CREATOR and collaboration.can_become(
        Status.DRAFT_SUBMITTED, Side.CREATOR
    )
    can_review = side == Side.BUSINESS and collaboration.status == Status.DRAFT_SUBMITTED
    return render(
        request,
        "collaborations/draft.html",
        {
            "collaboration": collaboration,
            "campaign": collaboration.campaign,
            "side": side,
            "is_creator": side == Side.CREATOR,
            "drafts": list(selectors.drafts_of(collaboration)),
            "form": (form or DraftForm()) if can_upload else None,
            "changes_form": (changes_form or DraftChangesForm()) if can_review else None,
            "max_megabytes": settings.COLLABORATION_DRAFT_MAX_MB,
            "max_minutes": settings.COLLABORATION_DRAFT_MAX_SECONDS // 60,
        },
        status=status,
    )


@require_GET
def draft(request, pk):
    collaboration, side = _visible(request, pk)
    return render_draft_page(request, collaboration, side)


@csrf_exempt  # checked below, once the request's size is known to be acceptable
@require_http_methods(["POST"])
def upload_draft(request, pk):
    """Refuses an upload whose declared size is over the limit before reading
    its body, so an oversized file is never written to disk."""
    collaboration, side = _visible(request, pk)
    if side != Side.CREATOR:
        raise Http404
    if declared_upload_too_large(request, draft_max_bytes()):
        messages.error(request, too_large_error(draft_max_bytes()).messages[0])
        return render_draft_page(request, collaboration, side, status=413)
    return _upload_draft(request, collaboration, side)


@csrf_protect
def _upload_draft(request, collaboration, side):
    form = DraftForm(request.POST, request.FILES)
    if not form.is_valid():
        return render_draft_page(request, collaboration, side, form=form, status=400)
    try:
        submit_draft(
            collaboration=collaboration,
            user=request.user,
            video=form.cleaned_data["video"],
            caption=form.cleaned_data["caption"],
        )
    except CollaborationError as refusal:
        form.add_error("video", refusal.message)
        return render_draft_page(request, collaboration, side, form=form, status=400)
    messages.success(request, _("Your draft is sent. We emailed the business."))
    return redirect("collaborations:draft", collaboration.pk)


@require_GET
def draft_file(request, pk, draft_pk):
    """The draft's video, for the two sides and staff; 404 for everyone else, so
    the address of an unpublished video tells a stranger nothing."""
    collaboration, _side = _visible(request, pk)
    found = get_object_or_404(collaboration.drafts.only("video"), pk=draft_pk)
    return file_response(found.video.name, request.headers.get("Range", ""))
