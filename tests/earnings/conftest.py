import pytest

from payments.ledger import check_ledger


@pytest.fixture
def books_balance():
    """``books_balance()`` asserts the ledger check finds no problem."""

    def check():
        problems = check_ledger().problems
        assert problems == []

    return check
