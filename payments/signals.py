"""Signals other apps listen to; ``payments`` itself knows nothing of what is paid for."""

from django.dispatch import Signal

# Sent once per payment, inside the transaction that marks it paid, with
# ``payment``. A receiver that raises rolls the payment back to pending.
payment_succeeded = Signal()

# Sent once per refund, inside its transaction, with ``payment``, ``amount``
# (what this refund gave back) and ``refund`` (the ``PaymentRefund``). No app
# posts a ledger entry for it yet: a full Series refund is posted by series'
# own refund path, which makes the refund.
payment_refunded = Signal()
