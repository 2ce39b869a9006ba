"""The creator's TikTok link pages, and the sandbox's consent page."""

from urllib.parse import urlencode

from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.permissions import creator_required
from tiktok.client import get_client
from tiktok.sandbox import SandboxTikTokClient, code_for, sandbox_open_id


@creator_required
@require_http_methods(["GET", "POST"])
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
            open_id = "".join(ch for ch in request.POST.get("open_id", "") if ch.isalnum())
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
