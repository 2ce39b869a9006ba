"""Xendit's documented statuses and methods, mapped both ways to the portal's.

The gateway's words go in (``*_FROM_XENDIT``) when a status call answers; the
portal's go out (``*_TO_XENDIT``) when the sandbox and the local fake speak as
Xendit does. A status not listed here is never guessed: it maps to nothing and
the caller leaves the payment as it is.
"""

# Invoices: PAID and SETTLED (the money reached the balance) both mean paid.
INVOICE_FROM_XENDIT = {
    "PENDING": "pending",
    "PAID": "paid",
    "SETTLED": "paid",
    "EXPIRED": "expired",
}
INVOICE_TO_XENDIT = {"pending": "PENDING", "paid": "PAID", "expired": "EXPIRED"}

# Refunds.
REFUND_FROM_XENDIT = {
    "PENDING": "pending",
    "SUCCEEDED": "succeeded",
    "FAILED": "failed",
    "CANCELLED": "cancelled",
}
REFUND_TO_XENDIT = {value: key for key, value in REFUND_FROM_XENDIT.items()}

# A payment's transaction in the Transactions API: REVERSED (a chargeback) and
# VOIDED take back money that was paid.
TRANSACTION_FROM_XENDIT = {
    "SUCCESS": "paid",
    "PENDING": "paid",
    "REVERSED": "reversed",
    "VOIDED": "reversed",
}

# An invoice's payment_method, as the portal's ``Payment.Method`` values.
METHOD_FROM_XENDIT = {
    "QR_CODE": "qris",
    "QRIS": "qris",
    "EWALLET": "ewallet",
    "BANK_TRANSFER": "virtual_account",
    "CALLBACK_VIRTUAL_ACCOUNT": "virtual_account",
    "POOL": "virtual_account",
    "CREDIT_CARD": "card",
}
METHOD_TO_XENDIT = {
    "qris": "QR_CODE",
    "ewallet": "EWALLET",
    "virtual_account": "BANK_TRANSFER",
    "card": "CREDIT_CARD",
}


def method_from_xendit(payment_method):
    """The portal's method for Xendit's ``payment_method`` ("" when none, "other")."""
    if not payment_method:
        return ""
    return METHOD_FROM_XENDIT.get(payment_method, "other")
