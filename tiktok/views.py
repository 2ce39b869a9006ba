"""The creator's TikTok link pages, and the sandbox's consent page."""

import secrets
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core.permissions import creator_required
from tiktok import selectors, services
from tiktok.client import get_client
from tiktok.models import LinkedAccount
from tiktok.sandbox import SandboxTikTokClient, code_for, sandbox_open_id

# Where the state and PKCE verifier of a link in progress wait for the callback.
SESSION_KEY = "tiktok_link"
# Where a creator lands after linking or disconnecting.
PROFILE = "creators:edit_profile"


def _callback_url(request):
    return request.build_absolute_uri(reverse("tiktok:callback"))


@require_GET
@creator_required
def connect(request):
    """Send the creator to TikTok to grant access (a fresh state and PKCE pair,
    kept in the session for the callback)."""
    start = services.begin_link()
    request.session[SESSION_KEY] = {"state": start.state, "code_verifier": start.code_verifier}
    return redirect(
        get_client().authorize_url(
            state=start.state,
            code_challenge=start.code_challenge,
            redirect_uri=_callback_url(request),
        )
    )


@require_GET
@creator_required
def callback(request):
    """TikTok sends the creator back here with ``code`` and ``state`` (or an error)."""
    pending = request.session.pop(SESSION_KEY, None) or {}
    state = request.GET.get("state", "")
    if not pending.get("state") or not secrets.compare_digest(
        state.encode(), pending["state"].encode()
    ):
        messages.error(
            request,
            _("That TikTok link had expired or did not start here. Please connect again."),
        )
        return redirect(PROFILE)
    if request.GET.get("error"):
        if request.GET["error"] == "access_denied":
            messages.info(
                request,
                _("You did not allow access, so nothing was linked. You can connect any time."),
            )
        else:
            messages.error(request, _("TikTok could not link your account. Please try again."))
        return redirect(PROFILE)
    try:
        linked = services.complete_link(
            user=request.user,
            code=request.GET.get("code", ""),
            code_verifier=pending["code_verifier"],
            redirect_uri=_callback_url(request),
        )
    except services.LinkRefused as refusal:
        messages.error(request, refusal.message)
        return redirect(PROFILE)
    messages.success(
        request,
        _("Your TikTok account %(name)s is connected. Your figures are read from TikTok.")
        % {"name": linked.account},
    )
    return redirect(PROFILE)


@require_http_methods(["GET", "POST"])
@creator_required
def disconnect(request):
    """GET explains what disconnecting does; POST does it. A 404 without an active
    or broken link."""
    account = selectors.account_for(request.user)
    if account is None or account.status == LinkedAccount.Status.DISCONNECTED:
        raise Http404
    if request.method == "POST":
        outcome = services.disconnect(account=account, changed_by=request.user)
        if outcome.revoked_at_tiktok:
            messages.success(request, _("Your TikTok account is disconnected."))
        else:
            messages.warning(
                request,
                _(
                    "Your TikTok account is disconnected here, but TikTok could not be "
                    "reached to end the portal's access there. You can remove the portal "
                    "in TikTok's settings under Security, Apps and services."
                ),
            )
        return redirect(PROFILE)
    return render(request, "tiktok/disconnect.html", {"account": account})


@require_http_methods(["GET", "POST"])
@creator_required
def sandbox_authorize(request):
    """The sandbox's stand-in for TikTok's consent page: "Allow" sends the creator
    back to the callback with a code, "Cancel" with ``error=access_denied``. A 404
    unless the sandbox client is the one configured."""
    if not isinstance(get_client(), SandboxTikTokClient):
        raise Http404
    params = request.POST if request.method == "POST" else request.GET
    redirect_uri = params.get("redirect_uri", "")
    state = params.get("state", "")
    if not state or not url_has_allowed_host_and_scheme(
        redirect_uri, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return HttpResponseBadRequest(_("The link to TikTok is incomplete. Start again."))
    suggested = sandbox_open_id(request.user.email or request.user.pk)
    if request.method == "POST":
        if "allow" in request.POST:
            open_id = "".join(ch for ch in request.POST.get("open_id", "") if ch.isalnum())[:60]
            answer = {
                "code": code_for(open_id or suggested, params.get("code_challenge", "")),
                "state": state,
            }
        else:
            answer = {
                "error": "access_denied",
                "error_description": "The user denied the request.",
                "state": state,
            }
        separator = "&" if "?" in redirect_uri else "?"
        return redirect(redirect_uri + separator + urlencode(answer))
    return render(
        request,
        "tiktok/sandbox_authorize.html",
        {
            "redirect_uri": redirect_uri,
            "state": state,
            "code_challenge": params.get("code_challenge", ""),
            "scopes": [scope for scope in params.get("scope", "").split(",") if scope],
            "open_id": suggested,
        },
    )
