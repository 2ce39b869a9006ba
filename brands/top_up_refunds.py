"""Refunds of a business's top-ups: the money goes back out of its paid
balance, and the Back to Business credit matched to the refunded part goes
back to the programme.

The rule for the matched credit: the credit a top-up received is matched to
the whole top-up evenly, so refunding a part of it takes back the same part of
its credit (``ledger.part_of``: partial refunds add up to the whole credit).
That credit is removed only while the business still has it free; when it
was spent (reserved for a campaign, paid to a creator, expired), the refund is
refused, because refunding the money while keeping credit earned by it would
pay the business twice. Both checks run before the gateway is asked
(``payments.signals.payment_refund_asked``), with the business row locked until
the refund commits, so a campaign launched meanwhile cannot spend the same
rupiah.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from brands.selectors import balances_for_business
from brands.services import (
    PROGRAMME,
    TOP_UP_PURPOSE,
    AccountKind,
    Kind,
    Pool,
    _lock_business,
    pool_spec,
)
from core.money import format_money
from core.refusals import Refusal
from payments import ledger
from payments.models import LedgerEntry, LedgerLine


class TopUpRefundRefused(Refusal):
    """A top-up refund the business's balances cannot cover; nothing was refunded."""


def _is_top_up(payment):
    return payment.purpose == TOP_UP_PURPOSE and payment.purpose_reference.isdigit()


def matched_credit(payment):
    """The credit matched to the top-up ``payment`` when it was paid."""
    return sum(
        (
            line.amount
            for line in LedgerLine.objects.filter(
                entry__kind=Kind.MATCH,
                entry__payment_reference=str(payment.reference),
                account__kind=AccountKind.BUSINESS_CREDIT,
            )
        ),
        ledger.ZERO,
    )


def credit_to_remove(payment, *, before, amount):
    """The part of the top-up's matched credit that goes with refunding
    ``amount`` of ``payment`` after ``before`` was refunded."""
    return ledger.part_of(
        matched_credit(payment), whole=payment.amount, before=before, after=before + amount
    )


@transaction.atomic
def check_top_up_refund(*, payment, amount):
    """Refuse (``TopUpRefundRefused``) a refund of ``amount`` of a top-up that
    the business's free paid balance (not what campaigns reserve) or its free
    credit (for the matched part) cannot cover; locks the business row."""
    if not _is_top_up(payment):
        return
    business = _lock_business(int(payment.purpose_reference))
    balances = balances_for_business(business.pk)
    currency = payment.currency
    if balances.balance < amount:
        raise TopUpRefundRefused(
            _(
                "%(business)s has %(available)s of paid balance available (money reserved "
                "for campaigns does not count); a refund of %(amount)s cannot be made. "
                "Release a campaign's reserve first or refund less."
            )
            % {
                "business": business.name,
                "available": format_money(balances.balance, currency),
                "amount": format_money(amount, currency),
            }
        )
    credit = credit_to_remove(payment, before=payment.refunded_amount, amount=amount)
    if balances.credit < credit:
        raise TopUpRefundRefused(
            _(
                "This refund takes back %(credit)s of Back to Business credit matched to the "
                "top-up, but %(business)s has only %(available)s of credit left unspent; "
                "it cannot be refunded while that credit is used."
            )
            % {
                "credit": format_money(credit, currency),
                "business": business.name,
                "available": format_money(balances.credit, currency),
            }
        )


@transaction.atomic
def book_top_up_refund(*, payment, amount, refund):
    """Post the refund of ``amount`` of a top-up: from the business's paid
    balance back to the money received, and the matched part of its credit
    back to the programme, in one entry (once per refund). The checks of
    ``check_top_up_refund`` ran in this transaction, under the same lock."""
    if not _is_top_up(payment):
        return None
    business = _lock_business(int(payment.purpose_reference))
    credit = credit_to_remove(payment, before=payment.refunded_amount - amount, amount=amount)
    money_in = {"kind": AccountKind.MONEY_IN, "currency": payment.currency}
    return ledger.post(
        LedgerEntry.Kind.TOP_UP_REFUND,
        ledger.moves(
            [
                (pool_spec(business.pk, Pool.BALANCE), money_in, amount),
                (pool_spec(business.pk, Pool.CREDIT), PROGRAMME, credit),
            ]
        ),
        currency=payment.currency,
        reference=ledger.refund_reference(refund),
        business=business,
        note=f"Payment {payment.reference}: {amount} refunded",
        created_by=refund.staff,
    )
