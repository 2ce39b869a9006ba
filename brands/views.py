import uuid
from functools import partial
from operator import attrgetter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from brands import page_reads, services
from brands.cards import LazyCards, mark_cards, page_key
from brands.forms import (
    WIZARD_STEPS,
    BriefStepForm,
    BusinessProfileForm,
    CreatorSearchForm,
    InvitationForm,
    TopUpForm,
)
from brands.models import BusinessInvitation, BusinessMembership, Campaign
from brands.search_pages import filters_of
from brands.search_pages import kept_page as kept_search_page
from brands.selectors import (
    balances_for_business,
    businesses_for_user,
    campaign_page,
    campaign_reservation,
    campaigns_for_user,
    kept_memberships,
    ledger_for_business,
    missing_for_launch,
    shortlist_for_campaign,
    with_relations,
)
from core import ratelimit
from core.money import format_money
from core.pagination import page_of
from core.permissions import business_required
from creators.models import OPEN_TO_OFFERS, CreatorProfile
from creators.models.names import NAMES_VERSION
from creators.signals import CREATORS_VERSION
from payments.providers import get_provider

PAGE_SIZE = 20


def _business(request, business_id, *, owner=False):
    return get_object_or_404(businesses_for_user(request.user, owner=owner), pk=business_id)


def _campaign(request, pk):
    return get_object_or_404(campaigns_for_user(request.user), pk=pk)


@require_GET
@business_required
def dashboard(request):
    memberships = kept_memberships(request.user)
    # Every value the cached list of businesses shows.
    memberships_key = repr(
        [
            (m.role, m.business.pk, m.business.name, m.business.is_verified, bool(m.business.size))
            for m in memberships
        ]
    )
    return render(
        request,
        "brands/dashboard.html",
        {"memberships": memberships, "memberships_key": memberships_key},
    )


@require_http_methods(["GET", "POST"])
@business_required
def profile(request, business_id):
    business = _business(request, business_id)
    form = BusinessProfileForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        instance=business,
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Business profile saved."))
        return redirect("brands:profile", business_id=business.pk)
    return render(request, "brands/profile.html", {"business": business, "form": form})


@require_http_methods(["GET", "POST"])
@business_required
def team(request, business_id):
    business = _business(request, business_id)
    is_owner = business.memberships.filter(
        user=request.user, role=BusinessMembership.Role.OWNER
    ).exists()
    form = (
        InvitationForm(request.POST if request.method == "POST" else None, business=business)
        if is_owner
        else None
    )
    if request.method == "POST":
        if form is None:
            messages.error(request, _("Only an owner can invite teammates."))
            return redirect("brands:team", business_id=business.pk)
        if form.is_valid():
            if not ratelimit.allow(request.user, "invite_teammate"):
                return ratelimit.too_many_requests(
                    request, "invite_teammate", back_url=request.path
                )
            invitation = services.invite_teammate(
                business=business,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                invited_by=request.user,
            )
            messages.success(
                request, _("Invitation sent to %(email)s.") % {"email": invitation.email}
            )
            return redirect("brands:team", business_id=business.pk)
    context = {
        "business": business,
        "form": form,
        "memberships": business.memberships.select_related("user").order_by("created_at"),
        "invitations": business.invitations.filter(accepted_at__isnull=True),
    }
    return render(request, "brands/team.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def accept_invitation(request, token):
    invitation = get_object_or_404(
        BusinessInvitation.objects.select_related("business"), token=token
    )
    if request.method == "POST":
        try:
            business = services.accept_invitation(invitation=invitation, user=request.user)
        except services.InvitationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("You joined %(business)s.") % {"business": business})
            return redirect("brands:campaigns", business_id=business.pk)
    return render(request, "brands/accept_invitation.html", {"invitation": invitation})


@require_http_methods(["GET", "POST"])
@business_required
def credit(request, business_id):
    business = _business(request, business_id)
    form = TopUpForm(
        request.POST if request.method == "POST" else None,
        initial={"idempotency_key": uuid.uuid4()},
    )
    if request.method == "POST" and form.is_valid():
        payment = services.start_top_up(
            business=business,
            user=request.user,
            amount=form.cleaned_data["amount"],
            idempotency_key=form.cleaned_data["idempotency_key"],
            return_url=request.path,
        )
        return redirect(get_provider().checkout_url(payment))
    entries = page_of(ledger_for_business(business.pk), request.GET.get("page"), PAGE_SIZE)
    context = {
        "business": business,
        "balances": balances_for_business(business.pk),
        "entries": entries,
        "form": form,
    }
    return render(request, "brands/credit.html", context)


@require_http_methods(["GET", "POST"])
@business_required
def campaigns(request, business_id):
    if request.method == "POST":
        business = _business(request, business_id)
        campaign = Campaign.objects.create(business=business, created_by=request.user)
        return redirect("brands:campaign_step", pk=campaign.pk, step=1)
    shown = campaign_page(
        business_id=business_id,
        user=request.user,
        number=request.GET.get("page"),
        per_page=PAGE_SIZE,
    )
    if shown is None:
        raise Http404("No business of yours.")
    business, page = shown
    # Every value the cached rows show.
    rows_key = repr([(c.pk, str(c), c.budget, c.status) for c in page.object_list])
    return render(
        request,
        "brands/campaign_list.html",
        {"business": business, "page": page, "rows_key": rows_key},
    )


@require_GET
@business_required
def campaign_detail(request, pk):
    campaign = _campaign(request, pk)
    context = {
        "campaign": campaign,
        "history": campaign.history.select_related("changed_by"),
        "reservation": campaign_reservation(campaign.pk),
        "Status": Campaign.Status,
    }
    return render(request, "brands/campaign_detail.html", context)


def _wizard_context(campaign, step):
    return {
        "campaign": campaign,
        "step": step,
        "steps": [(number, title) for number, (title, _form) in WIZARD_STEPS.items()],
        "step_title": WIZARD_STEPS[step][0],
    }


@require_http_methods(["GET", "POST"])
@business_required
def campaign_step(request, pk, step):
    """One step of the campaign wizard. Each step saves the draft on the server,
    so the business can stop and resume anywhere; a step beyond the first
    unfinished one sends them back to that one."""
    campaign = _campaign(request, pk)
    if campaign.status != Campaign.Status.DRAFT:
        return redirect("brands:campaign_detail", pk=campaign.pk)
    if step not in WIZARD_STEPS or step > campaign.completed_step + 1:
        return redirect("brands:campaign_step", pk=campaign.pk, step=campaign.completed_step + 1)
    if step == len(WIZARD_STEPS):
        return _review_step(request, campaign, step)
    form = WIZARD_STEPS[step][1](
        request.POST if request.method == "POST" else None, instance=campaign
    )
    if request.method == "POST" and form.is_valid():
        services.save_campaign_step(campaign=campaign, step=step, values=form.cleaned_data)
        return redirect("brands:campaign_step", pk=campaign.pk, step=step + 1)
    return render(
        request, "brands/campaign_wizard.html", {**_wizard_context(campaign, step), "form": form}
    )


def _review_step(request, campaign, step):
    if request.method == "POST":
        try:
            split = services.launch_campaign(campaign=campaign, user=request.user)
        except services.CampaignError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _(
                    "Campaign launched and sent for review. Reserved %(balance)s from your "
                    "balance and %(credit)s from credit."
                )
                % {
                    "balance": format_money(split.from_balance),
                    "credit": format_money(split.from_credit),
                },
            )
            return redirect("brands:campaign_detail", pk=campaign.pk)
    balances = balances_for_business(campaign.business_id)
    try:
        split = services.split_payment(
            amount=campaign.budget, balances=balances, verified=campaign.business.is_verified
        )
        shortfall = None
    except services.InsufficientFunds as error:
        split, shortfall = None, str(error)
    context = {
        **_wizard_context(campaign, step),
        "balances": balances,
        "split": split,
        "shortfall": shortfall,
        "missing": missing_for_launch(campaign),
        "languages": campaign.languages.all(),
        "niches": campaign.niches.all(),
    }
    return render(request, "brands/campaign_review.html", context)


CAMPAIGN_ACTIONS = {
    "pause": (services.pause_campaign, gettext_lazy("Campaign paused.")),
    "resume": (services.resume_campaign, gettext_lazy("Campaign resumed.")),
    "cancel": (
        services.cancel_campaign,
        gettext_lazy("Campaign cancelled; its unspent budget is released."),
    ),
}


@require_POST
@business_required
def campaign_action(request, pk, action):
    campaign = _campaign(request, pk)
    if action not in CAMPAIGN_ACTIONS:
        return redirect("brands:campaign_detail", pk=campaign.pk)
    service, done = CAMPAIGN_ACTIONS[action]
    try:
        service(campaign=campaign, user=request.user)
    except services.CampaignError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    return redirect("brands:campaign_detail", pk=campaign.pk)


@require_GET
@business_required
def campaign_cancel_confirm(request, pk):
    campaign = _campaign(request, pk)
    return render(request, "brands/campaign_cancel.html", {"campaign": campaign})


@require_http_methods(["GET", "POST"])
@business_required
def campaign_brief(request, pk):
    """Edit the brief of a launched campaign; a changed brief goes back to review."""
    campaign = _campaign(request, pk)
    if campaign.status == Campaign.Status.DRAFT:
        return redirect("brands:campaign_step", pk=campaign.pk, step=4)
    form = BriefStepForm(request.POST if request.method == "POST" else None, instance=campaign)
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.edit_campaign_brief(
                campaign=campaign, values=form.cleaned_data, user=request.user
            )
        except services.CampaignError as error:
            messages.error(request, str(error))
        else:
            if changed:
                messages.success(request, _("Brief saved. The campaign is back in review."))
            return redirect("brands:campaign_detail", pk=campaign.pk)
    return render(request, "brands/campaign_brief.html", {"campaign": campaign, "form": form})


# --- Creator search and the shortlist ------------------------------------------------


@require_GET
@business_required
def creator_search(request, pk):
    """Search every creator open to offers, to shortlist or invite for this campaign."""
    heading = page_reads.heading_versions(request.user, pk)
    # The rows: which creators the filters find, and what the business did with them.
    row_versions = [NAMES_VERSION, page_reads.campaign_version(pk), CREATORS_VERSION]
    reads = page_reads.PageReads(f"search:{pk}", request.GET, [*heading, *row_versions])
    campaign = page_reads.campaign_heading(request.user, pk, reads=reads)
    if campaign is None:
        raise Http404
    names = reads.token(NAMES_VERSION)
    form, filters = filters_of(CreatorSearchForm, request.GET, names)
    page, cards, state, digest = None, (), (), ""
    if filters is not None:
        page, digest = kept_search_page(
            reads, row_versions, campaign.pk, filters, request.GET.get("page"), PAGE_SIZE
        )
        paginator = page.paginator
        cards = LazyCards(
            campaign,
            partial(page_reads.creators_of, page.object_list),
            shown=lambda creator: (creator.cheapest_fee,),
        )
        state = (page.number, page.has_next(), paginator.count, paginator.about)
    context = {
        # As the heading's {% blocktranslate %} says it (the same message), without a node.
        "title": _("Search creators for %(campaign)s") % {"campaign": campaign},
        "campaign": campaign,
        "form": form,
        "page": page,
        "cards": cards,
        "results_key": page_key(request, campaign, digest, *state, names=names),
    }
    return render(request, "brands/creator_search.html", context)


@require_GET
@business_required
def shortlist(request, pk):
    campaign = _campaign(request, pk)
    entries = with_relations(shortlist_for_campaign(campaign), campaign, "creator_id")
    page = page_of(entries, request.GET.get("page"), PAGE_SIZE)
    mark_cards(campaign, page, creator_of=attrgetter("creator"))
    return render(request, "brands/shortlist.html", {"campaign": campaign, "page": page})


def _back(request, campaign):
    """Where a shortlist button sends the business back to: the page it was on."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("brands:shortlist", pk=campaign.pk)


@require_POST
@business_required
def shortlist_add(request, pk, creator_pk):
    campaign = _campaign(request, pk)
    creator = get_object_or_404(CreatorProfile.objects.filter(OPEN_TO_OFFERS), pk=creator_pk)
    if services.add_to_shortlist(campaign=campaign, creator=creator, user=request.user):
        messages.success(
            request, _("%(name)s is on the shortlist.") % {"name": creator.display_name}
        )
    return _back(request, campaign)


@require_POST
@business_required
def shortlist_remove(request, pk, creator_pk):
    campaign = _campaign(request, pk)
    if services.remove_from_shortlist(campaign=campaign, creator_id=creator_pk):
        messages.success(request, _("Removed from the shortlist."))
    return _back(request, campaign)
