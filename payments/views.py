from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from payments.models import Payment
from payments.providers import SandboxProvider, get_provider
from payments.services import (
    SIGNATURE_HEADER,
    InvalidWebhook,
    handle_webhook,
    sign_webhook_body,
    webhook_body,
)


@login_required
@require_http_methods(["GET", "POST"])
def sandbox_checkout(request, reference):
    """The sandbox provider's payment page: the payer approves or declines.
    It exists only while the sandbox is the configured provider, and only for
    payments made through it: elsewhere it would let anyone pay nothing."""
    if get_provider().name != SandboxProvider.name:
        raise Http404
    payment = get_object_or_404(
        Payment, reference=reference, payer=request.user, provider=SandboxProvider.name
    )
    if request.method == "POST" and payment.status == Payment.Status.PENDING:
        approved = request.POST.get("decision") == "approve"
        body = webhook_body(
            payment=payment,
            event="payment.succeeded" if approved else "payment.declined",
            fee=SandboxProvider().fee(payment.amount) if approved else None,
        )
        payment = handle_webhook(body=body, signature=sign_webhook_body(body))
        if payment.status == Payment.Status.PAID:
            messages.success(request, _("Payment received. Thank you!"))
        else:
            messages.warning(request, _("The payment was declined; nothing was charged."))
    if request.method == "POST":
        return_url = payment.return_url
        if not url_has_allowed_host_and_scheme(return_url, allowed_hosts={request.get_host()}):
            return_url = "/"
        return redirect(return_url)
    return render(request, "payments/sandbox_checkout.html", {"payment": payment})


@csrf_exempt  # the provider signs its notifications instead; see handle_webhook
@require_POST
def webhook(request):
    try:
        payment = handle_webhook(
            body=request.body, signature=request.headers.get(SIGNATURE_HEADER, "")
        )
    except InvalidWebhook as error:
        return HttpResponseBadRequest(str(error))
    return JsonResponse({"payment": str(payment.reference), "status": payment.status})
