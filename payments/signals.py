"""Signals other apps listen to; ``payments`` itself knows nothing of what is paid for."""

from django.dispatch import Signal

# Sent once per payment, inside the transaction that marks it paid, with
# ``payment``. A receiver that raises rolls the payment back to pending.
payment_succeeded = Signal()
