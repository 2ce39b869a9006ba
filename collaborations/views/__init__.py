from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from brands.models import Campaign
from brands.selectors import campaigns_for_user
from collaborations import kept, selectors, services
from collaborations.forms import (
    ApplicationForm,
    DraftChangesForm,
    MessageForm,
    OfferForm,
    RatingForm,
    RevisionForm,
)
from collaborations.models import Collaboration, Side
from collaborations.views import drafts
from core import ratelimit
from core.pagination import page_of
from core.permissions import business_required, creator_required
from creators.models.profiles import CreatorProfile

PAGE_SIZE = 20
Status = Collaboration.Status

# The action in the URL -> the status it moves to.
ACTIONS = {
    "accept": Status.ACCEPTED,
    "decline": Status.DECLINED,
    "withdraw": Status.WITHDRAWN,
    "approve-draft": Status.DRAFT_APPROVED,
    "draft-changes": Status.DRAFT_CHANGES,
    "revision": Status.REVISION,
    "approve": Status.APPROVED,
    "complete": Status.COMPLETED,
    "cancel": Status.CANCELLED,
}
# Moves made on the draft's page, which they return to.
DRAFT_ACTIONS = {"approve-draft", "draft-changes"}
# Moves that end a collaboration for good (or pay money out for good): asked
# again on their own page first, with (question, confirming button).
CONFIRMED_ACTIONS = {
    "decline": (gettext_lazy("Decline the collaboration?"), gettext_lazy("Yes, decline")),
    "withdraw": (gettext_lazy("Withdraw from the collaboration?"), gettext_lazy("Yes, withdraw")),
    "cancel": (gettext_lazy("Cancel the collaboration?"), gettext_lazy("Yes, cancel it")),
    "approve": (
        gettext_lazy("Approve the content and pay the fee?"),
        gettext_lazy("Yes, approve and pay"),
    ),
}


def _page(request, queryset):
    return page_of(queryset, request.GET.get("page"), PAGE_SIZE)


def _collaboration(request, pk):
    """The collaboration if ``request.user`` is one of its sides (a 404 otherwise),
    and that side."""
    collaboration = get_object_or_404(selectors.collaborations_for_user(request.user), pk=pk)
    side = Side.CREATOR if collaboration.creator.user_id == request.user.pk else Side.BUSINESS
    return collaboration, side


def _creator(request):
    return get_object_or_404(CreatorProfile, user=request.user)


# --- Business ----------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@business_required
def invite(request, campaign_pk, creator_pk):
    campaign = get_object_or_404(
        campaigns_for_user(request.user).filter(status=Campaign.Status.LIVE), pk=campaign_pk
    )
    creator = get_object_or_404(CreatorProfile, pk=creator_pk)
    existing = Collaboration.objects.filter(campaign=campaign, creator=creator).first()
    if existing is not None:
        messages.info(
            request,
            _("%(creator)s and this campaign already have a collaboration.")
            % {"creator": creator.display_name},
        )
        return redirect("collaborations:detail", existing.pk)
    form = OfferForm(request.POST or None, initial={"fee": campaign.fee_per_creator.quantize(1)})
    if request.method == "POST" and form.is_valid():
        if not ratelimit.allow(request.user, "invite_creator"):
            return ratelimit.too_many_requests(request, "invite_creator", back_url=request.path)
        try:
            collaboration = services.invite(
                campaign=campaign,
                creator=creator,
                user=request.user,
                fee=form.cleaned_data["fee"],
                message=form.cleaned_data["message"],
            )
        except services.CollaborationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("%(creator)s is invited. We emailed them.") % {"creator": creator.display_name},
            )
            return redirect("collaborations:detail", collaboration.pk)
    return render(
        request,
        "collaborations/invite.html",
        {
            "campaign": campaign,
            "creator": creator,
            "form": form,
            "fee_room": selectors.fee_room(campaign),
        },
    )


@require_GET
@business_required
def business_index(request):
    campaigns = (
        campaigns_for_user(request.user)
        .exclude(status=Campaign.Status.DRAFT)
        .annotate(
            collaboration_count=Count("collaborations"),
            waiting_count=Count(
                "collaborations",
                filter=Q(
                    collaborations__status__in=[
                        Status.APPLIED,
                        Status.DRAFT_SUBMITTED,
                        Status.SUBMITTED,
                    ]
                ),
            ),
        )
        .order_by("-created_at", "-pk")
    )
    return render(
        request, "collaborations/business_index.html", {"page": _page(request, campaigns)}
    )


@require_GET
@business_required
def campaign(request, campaign_pk):
    page = kept.campaign_collaborations_page(
        campaign_pk, request.user, request.GET.get("page"), PAGE_SIZE
    )
    fees = page.fees
    return render(
        request,
        "collaborations/campaign.html",
        {
            "campaign": page.campaign,
            "page": page,
            "fee_room": fees["room"],
            "committed": fees["held"],
        },
    )


# --- Creator -----------------------------------------------------------------


@require_GET
@creator_required
def mine(request):
    page = kept.creator_collaborations_page(request.user, request.GET.get("page"), PAGE_SIZE)
    return render(request, "collaborations/mine.html", {"page": page})


@require_GET
@creator_required
def open_campaigns(request, scope="mine"):
    page = kept.open_campaigns_page(
        request.user, request.GET.get("page"), PAGE_SIZE, all_niches=scope == "all"
    )
    return render(request, "collaborations/open_campaigns.html", {"page": page, "scope": scope})


@require_http_methods(["GET", "POST"])
@creator_required
def apply(request, campaign_pk):
    profile = _creator(request)
    campaign = get_object_or_404(
        Campaign.objects.filter(status=Campaign.Status.LIVE).select_related("business"),
        pk=campaign_pk,
    )
    existing = Collaboration.objects.filter(campaign=campaign, creator=profile).first()
    if existing is not None:
        messages.info(request, _("You already have a collaboration with this campaign."))
        return redirect("collaborations:detail", existing.pk)
    form = ApplicationForm(
        request.POST or None, initial={"fee": campaign.fee_per_creator.quantize(1)}
    )
    if request.method == "POST" and form.is_valid():
        try:
            collaboration = services.apply(
                campaign=campaign,
                creator=profile,
                fee=form.cleaned_data["fee"],
                message=form.cleaned_data["message"],
            )
        except services.CollaborationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("You applied. We emailed the business."))
            return redirect("collaborations:detail", collaboration.pk)
    return render(request, "collaborations/apply.html", {"campaign": campaign, "form": form})


# --- Both sides ----------------------------------------------------------------


def _render_detail(request, collaboration, side, status=200, **forms):
    moves = collaboration.next_statuses(side)
    actions = [action for action, to in ACTIONS.items() if to in moves]
    rated = {rating.by_side: rating for rating in collaboration.ratings.all()}
    # The draft's own page holds the upload (creator) and the answer (business).
    draft_step = collaboration.can_become(Status.DRAFT_SUBMITTED, side) or (
        Status.DRAFT_APPROVED in moves
    )
    # The posted video is picked on its own page (it asks TikTok).
    can_post = Status.SUBMITTED in moves
    context = {
        "collaboration": collaboration,
        "campaign": collaboration.campaign,
        "side": side,
        "is_creator": side == Side.CREATOR,
        "actions": actions,
        # Only withdrawing (or nothing) is left to this side: the other side is to act.
        "waiting": not collaboration.is_closed
        and not draft_step
        and not can_post
        and set(actions) <= {"withdraw", "cancel"},
        "draft_step": draft_step,
        # Without a query: a draft was sent if the collaboration went past one.
        "has_drafts": collaboration.draft_approved_at is not None
        or collaboration.status in {Status.DRAFT_SUBMITTED, Status.DRAFT_CHANGES},
        "money": selectors.fee_state(collaboration),
        "history": collaboration.history.select_related("changed_by"),
        "thread": collaboration.messages.select_related("author"),
        "ratings": rated,
        "message_form": forms.get("message_form") or MessageForm(),
        "can_post": can_post,
        "revision_form": forms.get("revision_form") or RevisionForm(),
        "rating_form": (
            forms.get("rating_form") or RatingForm()
            if collaboration.status == Status.COMPLETED and side not in rated
            else None
        ),
    }
    return render(request, "collaborations/detail.html", context, status=status)


@require_GET
@login_required
def detail(request, pk):
    collaboration, side = _collaboration(request, pk)
    return _render_detail(request, collaboration, side)


@require_http_methods(["GET", "POST"])
@login_required
def action(request, pk, action):
    collaboration, side = _collaboration(request, pk)
    if action not in ACTIONS:
        return redirect("collaborations:detail", collaboration.pk)
    if request.method == "GET":
        if action not in CONFIRMED_ACTIONS:
            return HttpResponseNotAllowed(["POST"])
        question, confirm = CONFIRMED_ACTIONS[action]
        return render(
            request,
            "collaborations/confirm.html",
            {
                "collaboration": collaboration,
                "action": action,
                "side": side,
                "question": question,
                "confirm": confirm,
            },
        )
    extra = {}
    if action == "revision":
        form = RevisionForm(request.POST)
        if not form.is_valid():
            return _render_detail(request, collaboration, side, status=400, revision_form=form)
        extra = form.cleaned_data
    elif action == "draft-changes":
        form = DraftChangesForm(request.POST)
        if not form.is_valid():
            return drafts.render_draft_page(
                request, collaboration, side, changes_form=form, status=400
            )
        extra = form.cleaned_data
    try:
        moved = services.move(collaboration, ACTIONS[action], user=request.user, **extra)
    except services.CollaborationError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("The collaboration is now: %(status)s.")
            % {"status": moved.get_status_display().lower()},
        )
    if action in DRAFT_ACTIONS:
        return redirect("collaborations:draft", collaboration.pk)
    return redirect("collaborations:detail", collaboration.pk)


@require_POST
@login_required
def message(request, pk):
    collaboration, side = _collaboration(request, pk)
    form = MessageForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, collaboration, side, status=400, message_form=form)
    if not ratelimit.allow(request.user, "message"):
        return ratelimit.too_many_requests(
            request, "message", back_url=collaboration.get_absolute_url()
        )
    try:
        services.post_message(
            collaboration=collaboration, user=request.user, body=form.cleaned_data["body"]
        )
    except services.CollaborationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Message sent."))
    return redirect(f"{collaboration.get_absolute_url()}#thread")


@require_POST
@login_required
def rate(request, pk):
    collaboration, side = _collaboration(request, pk)
    form = RatingForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, collaboration, side, status=400, rating_form=form)
    try:
        services.rate(
            collaboration=collaboration,
            user=request.user,
            stars=form.cleaned_data["stars"],
            comment=form.cleaned_data["comment"],
        )
    except services.CollaborationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Thank you for rating."))
    return redirect("collaborations:detail", collaboration.pk)
