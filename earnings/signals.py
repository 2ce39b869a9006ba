"""Each creator's earnings version (``core.versions``): the earnings page is
kept under it (``earnings.earnings_page.kept_earnings_page``).

It changes with every ledger entry naming the creator (a sale, a refund, a
failed refund undone, a held, returned or released collaboration fee, a
payout, a failed or reversed payout: every posting that moves money on a
creator's accounts names the creator) and every save or deletion of their
statements, payouts, payout methods, tax details, identity check and payout
freezes, through the receivers connected in ``EarningsConfig.ready``. Writes
that send no signal (``QuerySet.update``) call ``earnings_changed`` themselves
(account deletion's bulk update of payout methods saves the profile, which
changes the creator's version the page is kept under too);
``payments.ledger.post_many`` (bulk loads of demo and benchmark data) sends
none.

An entry's version changes when the entry is saved, before its lines, and
again when the transaction commits: every posting runs in its caller's
transaction (callers hold the lock guarding the money, ``payments.ledger``),
so the change after the commit comes after the lines.
"""

from core import versions


def earnings_version(creator_id):
    """The name of creator ``creator_id``'s earnings version."""
    return f"earnings:{creator_id}"


def earnings_changed(creator_id):
    """Change the creator's earnings version, now and once the transaction commits."""
    if creator_id is not None:
        versions.bump(earnings_version(creator_id))


def row_changed(sender, instance, **kwargs):
    """Receiver for a save or deletion of a row naming a creator (``creator_id``)."""
    earnings_changed(instance.creator_id)
