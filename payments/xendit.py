"""What every use of Xendit shares: the official client configured from the
settings, and the check of a notification's callback token.

Xendit authenticates its notifications with the ``x-callback-token`` header,
the account's verification token (``XENDIT_CALLBACK_TOKEN``). It is compared in
constant time; a notification that passes is still only a hint, and the caller
confirms the object's state with Xendit's API before changing anything.

``payments.gateway`` (invoices and refunds) and ``earnings.disbursements``
(payouts and account validation) build on this module.
"""

import hmac
import json

import xendit
from django.conf import settings

CALLBACK_TOKEN_HEADER = "x-callback-token"  # noqa: S105 (a header's name)


def api_client(*, retries=None):
    """A ``xendit.ApiClient`` for ``XENDIT_API_URL`` with the secret key.

    ``retries``: urllib3's retries (None: its default of 3; 0 keeps a slow
    gateway from costing four time-outs)."""
    configuration = xendit.Configuration(
        host=settings.XENDIT_API_URL.rstrip("/"), api_key=settings.XENDIT_SECRET_KEY
    )
    configuration.retries = retries
    return xendit.ApiClient(configuration)


def request_timeout():
    """The ``_request_timeout`` every call passes: (connect, read) seconds."""
    seconds = settings.XENDIT_TIMEOUT_SECONDS
    return (min(seconds, 5.0), seconds)


def callback_token_valid(received):
    """True when ``received`` (the header's value) is the configured token.

    An empty configured token accepts nothing, so a missing setting can never
    turn the check off."""
    expected = settings.XENDIT_CALLBACK_TOKEN
    if not expected or not received:
        return False
    return hmac.compare_digest(expected.encode(), str(received).encode())


def read_notification(request):
    """``(authentic, data)`` of a notification Xendit posted: whether it
    carries the callback token, and its JSON body (None when it is not JSON).
    Every Xendit notification endpoint reads its request through this."""
    authentic = callback_token_valid(request.headers.get(CALLBACK_TOKEN_HEADER))
    try:
        data = json.loads(request.body)
    except ValueError:  # UnicodeDecodeError included
        data = None
    return authentic, data
