"""A creator's payout details and the documents made from the ledger.

Balances are never stored here: ``payments.ledger`` holds every movement, and a
``Statement`` is a dated summary of it (made once a month, never changed). A
``Payout`` records one transfer to the creator; the money itself moves through
ledger entries that reference it (``payout:<id>``).
"""

from earnings.models.checks import IdentityCheck, PayoutFreeze, TaxDetails
from earnings.models.methods import Bank, PayoutMethod, PayoutMethodQuerySet, Wallet
from earnings.models.payouts import (
    PAYOUT_REVERSED,
    CreatorLedgerEntry,
    Payout,
    PayoutNotification,
)
from earnings.models.statements import STATEMENT_TIME_ZONE, NoPayout, Statement

__all__ = [
    "PAYOUT_REVERSED",
    "STATEMENT_TIME_ZONE",
    "Bank",
    "CreatorLedgerEntry",
    "IdentityCheck",
    "NoPayout",
    "Payout",
    "PayoutFreeze",
    "PayoutMethod",
    "PayoutMethodQuerySet",
    "PayoutNotification",
    "Statement",
    "TaxDetails",
    "Wallet",
]
