from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from payments.models import Payment
from payments.notifications import receive_invoice_notification, receive_refund_notification
from payments.providers import SandboxProvider, get_provider
from payments.sandbox import sandbox_choice, sandbox_decide
from payments.services import SIGNATURE_HEADER, InvalidWebhook, handle_webhook
from payments.xendit import read_notification

# What the payer is told once the gateway has answered.
OUTCOME_MESSAGES = {
    Payment.Status.PAID: (messages.SUCCESS, _("Payment received. Thank you!")),
    Payment.Status.DECLINED: (
        messages.WARNING,
        _("The payment was declined; nothing was charged."),
    ),
    Payment.Status.EXPIRED: (messages.WARNING, _("The payment expired; nothing was charged.")),
}


def _safe_return_url(request, payment):
    """The payment's return address, when it is on this site; else the home page."""
    if url_has_allowed_host_and_scheme(
        payment.return_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return payment.return_url
    return "/"


@login_required
@require_http_methods(["GET", "POST"])
def sandbox_checkout(request, reference):
    """The sandbox gateway's checkout page: the payer chooses QRIS, an e-wallet
    or a virtual account, then approves, declines or lets it expire; the
    notification then goes through the same handler as Xendit's. It exists only
    while the sandbox is the configured provider, and only for the payer of a
    payment made through it: elsewhere it would let anyone pay nothing."""
    if get_provider().name != SandboxProvider.name:
        raise Http404
    payment = get_object_or_404(
        Payment, reference=reference, payer=request.user, provider=SandboxProvider.name
    )
    if request.method == "POST":
        if payment.status == Payment.Status.PENDING:
            payment = sandbox_decide(
                payment=payment,
                decision=request.POST.get("decision", ""),
                method=request.POST.get("method", ""),
                channel=request.POST.get("channel", ""),
            )
            level, text = OUTCOME_MESSAGES.get(payment.status, (None, ""))
            if level:
                messages.add_message(request, level, text)
        return redirect(_safe_return_url(request, payment))
    choice = sandbox_choice(payment, request.GET.get("method", ""), request.GET.get("channel", ""))
    return render(request, "payments/sandbox_checkout.html", {"payment": payment, **choice})


def _own_payment(request, reference):
    return get_object_or_404(
        Payment.objects.only(
            "reference",
            "status",
            "amount",
            "currency",
            "description",
            "return_url",
            "checkout_url",
            "payer_id",
            "expires_at",
        ),
        reference=reference,
        payer=request.user,
    )


@login_required
@require_GET
@never_cache
def waiting(request, reference):
    """Where the gateway sends the payer back: "waiting for payment" until the
    gateway's notification has been confirmed (the browser's return proves
    nothing), then paid, expired or declined. A few lines of JS ask
    ``payment_status`` and reload when it changes; a link does the same without JS."""
    payment = _own_payment(request, reference)
    return render(
        request,
        "payments/waiting.html",
        {"payment": payment, "return_url": _safe_return_url(request, payment)},
    )


@login_required
@require_GET
@never_cache
def payment_status(request, reference):
    """The payment's status as JSON, for the waiting page's script."""
    payment = _own_payment(request, reference)
    return JsonResponse(
        {
            "status": payment.status,
            "label": str(payment.get_status_display()),
            "final": payment.status != Payment.Status.PENDING,
        }
    )


def _notification(request, receive):
    authentic, data = read_notification(request)
    received = receive(
        data=data, authentic=authentic, remote_addr=request.META.get("REMOTE_ADDR", "")
    )
    return JsonResponse({"outcome": received.notification.outcome}, status=received.http_status)


@csrf_exempt  # Xendit authenticates with its callback token; see payments.notifications
@require_POST
def xendit_invoices(request):
    """Xendit's invoice notifications (PAID, EXPIRED)."""
    return _notification(request, receive_invoice_notification)


@csrf_exempt  # Xendit authenticates with its callback token; see payments.notifications
@require_POST
def xendit_refunds(request):
    """Xendit's refund notifications (refund.succeeded, refund.failed)."""
    return _notification(request, receive_refund_notification)


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
