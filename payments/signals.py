"""Signals other apps listen to; ``payments`` itself knows nothing of what is paid for."""

from django.dispatch import Signal

# Sent once per payment, inside the transaction that marks it paid, with
# ``payment``. A receiver that raises rolls the payment back to pending.
payment_succeeded = Signal()

# Sent before a refund is asked of the gateway, inside its transaction, with
# ``payment`` (locked) and ``amount``. A receiver refuses the refund by raising
# a ``core.refusals.Refusal`` (its message is shown to staff; nothing is
# refunded); the locks it takes are held until the refund commits, so what it
# checked still holds when ``payment_refunded`` is sent.
payment_refund_asked = Signal()

# Sent once per refund, inside its transaction, with ``payment``, ``amount``
# (what this refund gave back) and ``refund`` (the ``PaymentRefund``). The
# app that sold what was paid for posts the refund's ledger entries, with the
# references ``payments.ledger.refund_reference(refund)`` gives (series: a
# Series purchase, brands: a top-up); a gateway refund that fails later is
# undone by reversing exactly those entries.
payment_refunded = Signal()
