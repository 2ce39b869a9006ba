"""Xendit's payout notifications (``POST /earnings/xendit/payouts/``).

Authenticated by the ``x-callback-token`` header (compared in constant time),
not by a session or CSRF token. A notification is only a hint: the service
looks the payout up at Xendit before anything is booked
(``payouts.handle_payout_notification``). Answers: 200 when taken (booked or
harmless), 403 for a wrong token, 400 for a body that is not a notification,
503 when Xendit's status API did not answer, so that Xendit sends it again.
"""

from decimal import Decimal, InvalidOperation

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from earnings.models import PayoutNotification
from earnings.payouts import handle_payout_notification
from payments.xendit import read_notification

ANSWERS = {
    PayoutNotification.Outcome.FORGED: 403,
    PayoutNotification.Outcome.DEFERRED: 503,
}


def _fields(body):
    """(gateway id, reference, claimed status, claimed amount) of a notification
    body: Xendit's ``{"event", "data": {...}}``, or the bare payout."""
    data = body.get("data") if isinstance(body.get("data"), dict) else body
    try:
        amount = Decimal(str(data["amount"])) if data.get("amount") is not None else None
    except (InvalidOperation, ValueError):
        amount = None
    status = str(data.get("status") or body.get("event") or "")
    return str(data.get("id") or ""), str(data.get("reference_id") or ""), status, amount


@csrf_exempt
@require_POST
def xendit_payouts(request):
    authentic, body = read_notification(request)
    if not isinstance(body, dict):
        if authentic:
            return JsonResponse({"error": "not a payout notification"}, status=400)
        body = {}
    gateway_id, reference, status, amount = _fields(body)
    row = handle_payout_notification(
        authentic=authentic,
        gateway_id=gateway_id,
        reference=reference,
        claimed_status=status,
        claimed_amount=amount,
    )
    return JsonResponse({"outcome": row.outcome}, status=ANSWERS.get(row.outcome, 200))
