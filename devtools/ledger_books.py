"""A simulated portal's books for ``manage.py bench_ledger``: ``SimulatedBooks``
writes a portal's money movements over time, every one balanced, and
``copy_many`` loads them with PostgreSQL's COPY, checked as ``ledger.post_many``
checks them."""

import itertools
import random
from collections import deque
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from brands.models import Campaign
from core.money import cents, share
from payments import ledger
from payments.models import Account, LedgerEntry, LedgerLine

Kind = LedgerEntry.Kind
AccountKind = Account.Kind
Pool = Account.Pool
ZERO = ledger.ZERO
SERIES_PRICES = [Decimal(price) for price in (15_000, 25_000, 49_000, 99_000, 149_000, 250_000)]
# A payment provider's fee on a Series sale (the sandbox charges none; real ones do).
PAYMENT_FEE_PERCENT = Decimal("2.5")
# A creator's earnings are paid out once they reach this (about USD 50).
PAYOUT_THRESHOLD = Decimal("750000.00")
ROUNDS_PER_BLOCK = 500


def thousands(rng, low, high):
    """A random whole amount of thousands of rupiah between ``low`` and ``high``."""
    return Decimal(rng.randrange(low // 1000, high // 1000 + 1) * 1000)


def copy_many(movements):
    """What ``ledger.post_many`` does, written with PostgreSQL's COPY: every
    entry is checked the same way (``UnbalancedEntry`` when its lines do not sum
    to zero or mix currencies) before anything is written. Rows are made without
    model instances, which is most of what makes it several times faster."""
    columns = {
        field.attname: field for field in LedgerEntry._meta.concrete_fields if not field.primary_key
    }
    entries, lines = [], []
    for kind, movement_lines, fields in movements:
        row = {"kind": kind, "currency": ledger.home_currency(), **fields}
        if unknown := row.keys() - columns.keys():
            raise TypeError(f"LedgerEntry has no field {', '.join(sorted(unknown))}")
        lines.append(ledger._balanced(movement_lines, row["currency"]))
        entries.append(
            [row[name] if name in row else field.get_default() for name, field in columns.items()]
        )
    entry_table, line_table = LedgerEntry._meta.db_table, LedgerLine._meta.db_table
    entry_columns = ", ".join(field.column for field in columns.values())
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [entry_table, len(entries)],
        )
        ids = [pk for (pk,) in cursor.fetchall()]
        with cursor.copy(f"COPY {entry_table} (id, {entry_columns}) FROM STDIN") as copy:
            for pk, values in zip(ids, entries, strict=True):
                copy.write_row([pk, *values])
        with cursor.copy(f"COPY {line_table} (entry_id, account_id, amount) FROM STDIN") as copy:
            for pk, merged in zip(ids, lines, strict=True):
                for account_id, amount in merged.items():
                    copy.write_row((pk, account_id, amount))


class SimulatedBooks:
    """A portal's money over time, as ``(kind, lines, fields)`` movements for
    ``ledger.post_many``.

    Time advances in rounds: in each, one business tops up (matched with credit
    up to the cap), reserves a new campaign's budget from its paid balance first
    and then its credit, holds each collaboration's fee from the reserve, pays it
    to the creator less the platform fee (or returns it), releases what is left,
    and sometimes loses credit to expiry; meanwhile creators sell Series, a few
    sales are refunded, and creators whose earnings pass the threshold are paid
    out. Campaign rows and accounts are made a block of rounds at a time.
    """

    def __init__(self, *, businesses, creators, seed):
        self.rng = random.Random(seed)  # noqa: S311 - reproducible data, not secrets
        self.business_ids = businesses
        self.creator_ids = creators
        self.welcome = cents(settings.BUSINESS_WELCOME_CREDIT)
        self.match_cap = cents(settings.BUSINESS_CREDIT_MATCH_CAP)
        self.balance = {pk: ZERO for pk in businesses}
        self.credit = {pk: ZERO for pk in businesses}
        self.matched = {pk: ZERO for pk in businesses}
        self.welcomed = set()
        self.earnings = {pk: ZERO for pk in creators}
        self.paying_out = set()
        self.in_flight = deque()
        self.recent_sales = deque(maxlen=2_000)
        self.accounts = {}
        self.serial = itertools.count(1)
        self.clock = timezone.now() - timedelta(days=730)

    def movements(self):
        """Every movement, for as long as the caller takes them."""
        while True:
            yield from self.block()

    def block(self):
        plans = [self.plan_round() for _ in range(ROUNDS_PER_BLOCK)]
        campaigns = Campaign.objects.bulk_create(
            Campaign(
                business_id=plan["business"],
                status=Campaign.Status.COMPLETED,
                completed_step=5,
                goal=Campaign.Goal.SALES,
                product_name=f"Benchmark campaign {next(self.serial)}",
                budget=plan["budget"],
                fee_per_creator=plan["fee"],
            )
            for plan in plans
        )
        movements = []
        for plan, campaign in zip(plans, campaigns, strict=True):
            movements += self.business_round(plan, campaign.pk)
            movements += self.creators_round()
        self.open_accounts(spec for _kind, lines, _fields in movements for spec, _ in lines)
        for kind, lines, fields in movements:
            yield kind, [(self.accounts[spec], amount) for spec, amount in lines], fields

    def open_accounts(self, specs):
        """Fetch or create the accounts ``specs`` name, 5,000 at a time."""
        wanted = list(dict.fromkeys(spec for spec in specs if spec not in self.accounts))
        for start in range(0, len(wanted), 5_000):
            chunk = wanted[start : start + 5_000]
            found = ledger.accounts(
                *({name: value for name, value in spec if value is not None} for spec in chunk)
            )
            self.accounts.update(zip(chunk, found, strict=True))

    def plan_round(self):
        budget = thousands(self.rng, 2_000_000, 15_000_000)
        collaborations = self.rng.randint(2, 8)
        fee = budget // collaborations // 1000 * 1000
        return {
            "business": self.rng.choice(self.business_ids),
            "budget": budget,
            "fee": fee,
            "creators": self.rng.sample(self.creator_ids, collaborations),
        }

    # --- Accounts, by spec: hashable tuples of ``ledger.accounts`` keywords --------------

    @staticmethod
    def spec(kind, **owners):
        return (("kind", kind),) + tuple(sorted(owners.items()))

    def pool(self, business, pool):
        kind = AccountKind.BUSINESS_BALANCE if pool == Pool.BALANCE else AccountKind.BUSINESS_CREDIT
        return self.spec(kind, business=business)

    def reserve(self, business, campaign, pool):
        return self.spec(
            AccountKind.CAMPAIGN_RESERVE, pool=pool, business=business, campaign=campaign
        )

    def hold(self, business, campaign, creator, pool):
        return self.spec(
            AccountKind.COLLABORATION_HOLD,
            pool=pool,
            business=business,
            campaign=campaign,
            creator=creator,
        )

    def entry(self, kind, lines, **fields):
        self.clock += timedelta(seconds=self.rng.randint(1, 90))
        lines = [(spec, amount) for spec, amount in lines if amount]
        return kind, lines, {"created_at": self.clock, **fields}

    def moves(self, pairs):
        """Lines moving each ``(from spec, to spec, amount)`` (``entry`` drops zeros)."""
        return [line for src, dst, amount in pairs for line in ((src, -amount), (dst, amount))]

    # --- A business's round -------------------------------------------------------------

    def business_round(self, plan, campaign):
        business, budget, fee = plan["business"], plan["budget"], plan["fee"]
        owners = {"business_id": business, "campaign_id": campaign}
        programme = self.spec(AccountKind.CREDIT_PROGRAMME)
        balance, credit = self.pool(business, Pool.BALANCE), self.pool(business, Pool.CREDIT)
        out = []
        if business not in self.welcomed:
            self.welcomed.add(business)
            self.credit[business] += self.welcome
            out.append(
                self.entry(
                    Kind.GRANT,
                    self.moves([(programme, credit, self.welcome)]),
                    business_id=business,
                    is_welcome=True,
                    expires_at=self.clock + timedelta(days=90),
                )
            )
        short = budget - self.balance[business] - self.credit[business]
        top_up = max(short, thousands(self.rng, 500_000, 10_000_000))
        reference = f"bench-payment-{next(self.serial)}"
        self.balance[business] += top_up
        out.append(
            self.entry(
                Kind.TOP_UP,
                self.moves([(self.spec(AccountKind.MONEY_IN), balance, top_up)]),
                business_id=business,
                payment_reference=reference,
            )
        )
        matched = min(top_up, max(self.match_cap - self.matched[business], ZERO))
        if matched:
            self.matched[business] += matched
            self.credit[business] += matched
            out.append(
                self.entry(
                    Kind.MATCH,
                    self.moves([(programme, credit, matched)]),
                    business_id=business,
                    payment_reference=reference,
                    expires_at=self.clock + timedelta(days=90),
                )
            )
        from_balance = min(budget, self.balance[business])
        reserved = {Pool.BALANCE: from_balance, Pool.CREDIT: budget - from_balance}
        self.balance[business] -= reserved[Pool.BALANCE]
        self.credit[business] -= reserved[Pool.CREDIT]
        sources = {Pool.BALANCE: balance, Pool.CREDIT: credit}
        out.append(
            self.entry(
                Kind.RESERVE,
                self.moves(
                    (sources[pool], self.reserve(business, campaign, pool), amount)
                    for pool, amount in reserved.items()
                ),
                **owners,
            )
        )
        for creator in plan["creators"]:
            out += self.collaboration(business, campaign, creator, fee, reserved)
        out.append(
            self.entry(
                Kind.RELEASE,
                self.moves(
                    (self.reserve(business, campaign, pool), sources[pool], amount)
                    for pool, amount in reserved.items()
                ),
                **owners,
            )
        )
        self.balance[business] += reserved[Pool.BALANCE]
        self.credit[business] += reserved[Pool.CREDIT]
        if self.credit[business] and self.rng.random() < 0.15:
            expired, self.credit[business] = self.credit[business], ZERO
            out.append(
                self.entry(
                    Kind.EXPIRE, self.moves([(credit, programme, expired)]), business_id=business
                )
            )
        return [movement for movement in out if movement[1]]

    def collaboration(self, business, campaign, creator, fee, reserved):
        """Hold ``fee`` from the reserve (paid balance first), then pay it to the
        creator less the platform fee, or now and then return it."""
        held = {}
        remaining = fee
        for pool in (Pool.BALANCE, Pool.CREDIT):
            held[pool] = min(remaining, reserved[pool])
            reserved[pool] -= held[pool]
            remaining -= held[pool]
        owners = {"business_id": business, "campaign_id": campaign, "creator_id": creator}
        number = next(self.serial)
        holds = {pool: self.hold(business, campaign, creator, pool) for pool in held}
        out = [
            self.entry(
                Kind.HOLD,
                self.moves(
                    (self.reserve(business, campaign, pool), holds[pool], amount)
                    for pool, amount in held.items()
                ),
                reference=f"bench-hold:{number}",
                **owners,
            )
        ]
        if self.rng.random() < 0.1:
            for pool, amount in held.items():
                reserved[pool] += amount
            out.append(
                self.entry(
                    Kind.RETURN,
                    self.moves(
                        (holds[pool], self.reserve(business, campaign, pool), amount)
                        for pool, amount in held.items()
                    ),
                    reference=f"bench-return:{number}",
                    **owners,
                )
            )
            return out
        platform = share(fee, settings.COLLABORATION_PLATFORM_FEE_PERCENT)
        out.append(
            self.entry(
                Kind.PAY,
                [(holds[pool], -amount) for pool, amount in held.items()]
                + [
                    (self.spec(AccountKind.CREATOR_EARNINGS, creator=creator), fee - platform),
                    (self.spec(AccountKind.PLATFORM_FEES), platform),
                ],
                reference=f"bench-pay:{number}",
                **owners,
            )
        )
        self.earnings[creator] += fee - platform
        return out + self.payout(creator)

    # --- Creators: Series sales, refunds, payouts -------------------------------------

    def creators_round(self):
        out = []
        for _ in range(self.rng.randint(8, 24)):
            # A few creators sell most: a Pareto pick over the creator list.
            rank = int(self.rng.paretovariate(0.8)) - 1
            out += self.sale(self.creator_ids[rank * 7919 % len(self.creator_ids)])
        if self.recent_sales and self.rng.random() < 0.3:
            out.append(self.refund(self.recent_sales.popleft()))
        while self.in_flight and self.rng.random() < 0.8:
            out.append(self.settle(*self.in_flight.popleft()))
        return out

    def sale_lines(self, creator, price):
        platform = share(price, settings.SERIES_PLATFORM_SHARE_PERCENT)
        provider = share(price, PAYMENT_FEE_PERCENT)
        return [
            (self.spec(AccountKind.MONEY_IN), -price),
            (self.spec(AccountKind.CREATOR_EARNINGS, creator=creator), price - platform - provider),
            (self.spec(AccountKind.PLATFORM_FEES), platform),
            (self.spec(AccountKind.PAYMENT_FEES), provider),
        ]

    def sale(self, creator):
        price = self.rng.choice(SERIES_PRICES)
        reference = f"bench-sale-{next(self.serial)}"
        lines = self.sale_lines(creator, price)
        self.earnings[creator] += lines[1][1]
        self.recent_sales.append((creator, price, reference))
        sale = self.entry(
            Kind.SALE,
            lines,
            reference=f"sale:{reference}",
            creator_id=creator,
            payment_reference=reference,
        )
        return [sale] + self.payout(creator)

    def refund(self, sale):
        """Refund a sale: its lines negated. Earnings may go below zero when the
        money was paid out already, as ``Account.MAY_GO_NEGATIVE`` allows."""
        creator, price, reference = sale
        lines = [(spec, -amount) for spec, amount in self.sale_lines(creator, price)]
        self.earnings[creator] += lines[1][1]
        return self.entry(
            Kind.REFUND,
            lines,
            reference=f"refund:{reference}",
            creator_id=creator,
            payment_reference=reference,
        )

    def payout(self, creator):
        """Pay out a creator's earnings once they reach the threshold."""
        amount = self.earnings[creator]
        if amount < PAYOUT_THRESHOLD or creator in self.paying_out:
            return []
        self.earnings[creator] = ZERO
        self.paying_out.add(creator)
        self.in_flight.append((creator, amount))
        return [
            self.entry(
                Kind.PAYOUT,
                self.moves(
                    [
                        (
                            self.spec(AccountKind.CREATOR_EARNINGS, creator=creator),
                            self.spec(AccountKind.PAYOUTS, creator=creator),
                            amount,
                        )
                    ]
                ),
                creator_id=creator,
            )
        ]

    def settle(self, creator, amount):
        """The bank received a payout, or (now and then) it failed and came back."""
        self.paying_out.discard(creator)
        on_the_way = self.spec(AccountKind.PAYOUTS, creator=creator)
        if self.rng.random() < 0.05:
            self.earnings[creator] += amount
            destination, kind = (
                self.spec(AccountKind.CREATOR_EARNINGS, creator=creator),
                Kind.PAYOUT_FAILED,
            )
        else:
            destination, kind = self.spec(AccountKind.MONEY_OUT), Kind.PAYOUT_PAID
        return self.entry(kind, self.moves([(on_the_way, destination, amount)]), creator_id=creator)
