"""The posted video: the creator picks it from their recent TikTok videos or
pastes its link, once the business has approved the draft. The creator's page
alone: everyone else gets a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from collaborations import selectors
from collaborations.forms import PostedVideoForm
from collaborations.models import Collaboration, Side
from collaborations.services import CollaborationError
from collaborations.services.posting import NotLinked, recent_videos, submit_posted_video

Status = Collaboration.Status


@require_http_methods(["GET", "POST"])
@login_required
def post_video(request, pk):
    collaboration = get_object_or_404(selectors.collaborations_for_user(request.user), pk=pk)
    if collaboration.creator.user_id != request.user.pk:
        raise Http404
    if not collaboration.can_become(Status.SUBMITTED, Side.CREATOR):
        if collaboration.status in Collaboration.DRAFTING:
            messages.error(
                request, _("Post the video only once the business has approved your draft.")
            )
        return redirect("collaborations:detail", collaboration.pk)
    form = PostedVideoForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            submit_posted_video(
                collaboration=collaboration,
                user=request.user,
                video_id=form.cleaned_data["video_id"],
                link=form.cleaned_data["link"],
                note=form.cleaned_data["content_note"],
            )
        except NotLinked:
            pass  # the list below meets the same refusal and says where to connect
        except CollaborationError as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Your video is submitted. We emailed the business."))
            return redirect("collaborations:detail", collaboration.pk)
    recent, not_linked, not_answering = None, None, None
    try:
        recent = recent_videos(user=request.user)
    except NotLinked as refusal:
        not_linked = refusal
    except CollaborationError as refusal:
        not_answering = refusal
    return render(
        request,
        "collaborations/post_video.html",
        {
            "collaboration": collaboration,
            "campaign": collaboration.campaign,
            "form": form,
            "recent": recent,
            "not_linked": not_linked,
            "not_answering": not_answering,
            "chosen": form["video_id"].value() or "",
        },
        status=400 if form.is_bound else 200,
    )
