"""Fans' pages: their home, the creators they follow, following and unfollowing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.pagination import page_of
from creators.models import CreatorProfile
from fans import selectors, selectors_home, services
from fans.refusals import FansRefused

FOLLOWING_PER_PAGE = 24
LIBRARY_PER_PAGE = 12


@require_GET
@login_required
def home(request):
    """The fan's library with progress, new episodes from the creators they
    follow and recommendations."""
    home = selectors_home.home(user=request.user)
    return render(
        request,
        "fans/home.html",
        {
            "home": home,
            # Read only when the page's fragment is not kept (fans.selectors_home).
            "library": SimpleLazyObject(lambda: home.reads.library),
            "more_in_library": SimpleLazyObject(lambda: home.reads.more_in_library),
            "new_episodes": SimpleLazyObject(lambda: home.reads.new_episodes),
            "recommendations": SimpleLazyObject(lambda: home.reads.recommendations),
        },
    )


@require_GET
@login_required
def library(request):
    """Every Series the fan owns, with how far they got, a page at a time."""
    page = page_of(selectors.owned(user=request.user), request.GET.get("page"), LIBRARY_PER_PAGE)
    return render(
        request,
        "fans/library.html",
        {
            "page": page,
            "library": selectors.with_progress(user=request.user, purchases=list(page)),
        },
    )


@require_GET
@login_required
def following(request):
    page = page_of(
        selectors.following(user=request.user), request.GET.get("page"), FOLLOWING_PER_PAGE
    )
    return render(request, "fans/following.html", {"follows": page})


def _back_url(request, creator):
    """Where the button was pressed (``next``, on this site), else the creator's Series."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("series:by_creator", kwargs={"handle": creator.handle})


def _back(request, creator):
    return redirect(_back_url(request, creator))


@require_POST
def follow(request, handle):
    """Follow a creator. A visitor who is not logged in logs in (or signs up)
    first and comes back to the page they pressed Follow on."""
    creator = get_object_or_404(CreatorProfile, handle=handle)
    if not request.user.is_authenticated:
        return redirect_to_login(_back_url(request, creator))
    try:
        services.follow(user=request.user, creator=creator)
    except FansRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            _("You follow %(name)s: their new episodes will show on your home.")
            % {"name": creator.display_name},
        )
    return _back(request, creator)


@require_POST
@login_required
def unfollow(request, handle):
    creator = get_object_or_404(CreatorProfile, handle=handle)
    if services.unfollow(user=request.user, creator=creator):
        messages.success(
            request, _("You no longer follow %(name)s.") % {"name": creator.display_name}
        )
    return _back(request, creator)
