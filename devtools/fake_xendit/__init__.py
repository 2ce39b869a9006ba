"""A local fake of Xendit's documented API, for tests and bench commands.

``FakeXendit(httpserver)`` serves every product the portal uses; ``settings()``
gives the Django settings that point the real clients at it.
"""

from devtools.fake_xendit.core import CALLBACK_TOKEN, SECRET_KEY, FakeXenditCore
from devtools.fake_xendit.invoices import Invoices
from devtools.fake_xendit.payouts import Payouts
from devtools.fake_xendit.transactions import Transactions

__all__ = ["CALLBACK_TOKEN", "SECRET_KEY", "FakeXendit"]


class FakeXendit(Invoices, Payouts, Transactions, FakeXenditCore):
    """Invoices, refunds, payouts, account validation and transactions."""
