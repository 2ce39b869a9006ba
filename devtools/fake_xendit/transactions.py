"""The fake's Transactions API (``GET /transactions``): every movement the other
products appended to ``self.transactions``, filtered and paged as Xendit
documents it (``types`` and ``statuses`` repeated, ``reference_id``,
``product_id``, ``created[gte]``/``created[lte]`` in ISO 8601, ``limit`` of at
most 50, ``after_id`` for the next page; newest first)."""

import re
import time
import uuid
from datetime import UTC, datetime
from decimal import Decimal

TRANSACTIONS = "/transactions"
MAX_LIMIT = 50


def _when(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


class Transactions:
    transactions_failure = None

    def register(self):
        super().register()
        # The invoices part's guard records the request, answers failures
        # injected with ``fail("/transactions", ...)`` and checks the key.
        self.server.expect_request(
            re.compile(r"^/transactions/?$"), method="GET"
        ).respond_with_handler(self._guarded(self._list_transactions))

    def add_transaction(
        self,
        *,
        type,
        reference_id,
        amount,
        product_id=None,
        status="SUCCESS",
        cashflow=None,
        channel_category="EWALLET",
        channel_code="OVO",
        fee=Decimal("0"),
        vat=Decimal("0"),
        currency="IDR",
        created=None,
    ):
        """Append one movement, as the gateway's books would hold it. Returns it."""
        created = (created or datetime.now(UTC)).astimezone(UTC)
        stamp = created.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
        row = {
            "id": f"txn_{uuid.uuid4().hex}",
            "product_id": product_id or f"{type.lower()}_{uuid.uuid4().hex[:16]}",
            "type": type,
            "status": status,
            "channel_category": channel_category,
            "channel_code": channel_code,
            "reference_id": reference_id,
            "account_identifier": None,
            "currency": currency,
            "amount": float(amount),
            "cashflow": cashflow or ("MONEY_OUT" if type == "DISBURSEMENT" else "MONEY_IN"),
            "business_id": "fake-business",
            "fee": {
                "xendit_fee": float(fee),
                "value_added_tax": float(vat),
                "xendit_withholding_tax": 0,
                "third_party_withholding_tax": 0,
                "status": "COMPLETED",
            },
            "created": stamp,
            "updated": stamp,
        }
        with self.lock:
            self.transactions.append(row)
        return row

    def fail_transactions(self, shape, *, delay=3.0):
        """Answer the next listing with ``shape``: "server_error" (500),
        "unauthorized" (401) or "timeout" (after ``delay`` seconds)."""
        self.transactions_failure = (shape, delay)

    def _matching(self, args):
        """The rows a query selects, newest first, and each one's position;
        kept for the next page of the same query (a day's report is read 50
        rows at a time)."""
        types, statuses = set(args.getlist("types")), set(args.getlist("statuses"))
        gte, lte = args.get("created[gte]"), args.get("created[lte]")
        key = (
            frozenset(types),
            frozenset(statuses),
            args.get("reference_id"),
            args.get("product_id"),
            gte,
            lte,
            len(self.transactions),
        )
        cached = getattr(self, "_transactions_cache", None)
        if cached and cached[0] == key:
            return cached[1], cached[2]
        low, high = (_when(gte) if gte else None), (_when(lte) if lte else None)
        rows = [
            row
            for row in reversed(self.transactions)
            if (not types or row["type"] in types)
            and (not statuses or row["status"] in statuses)
            and (key[2] is None or row["reference_id"] == key[2])
            and (key[3] is None or row["product_id"] == key[3])
            and (low is None or _when(row["created"]) >= low)
            and (high is None or _when(row["created"]) <= high)
        ]
        positions = {row["id"]: index for index, row in enumerate(rows)}
        self._transactions_cache = (key, rows, positions)
        return rows, positions

    def _list_transactions(self, request):
        if self.transactions_failure:
            shape, delay = self.transactions_failure
            self.transactions_failure = None
            if shape == "timeout":
                time.sleep(delay)
            elif shape == "unauthorized":
                return self.unauthorized()
            else:
                return self.error(500, "SERVER_ERROR", "An unexpected error occurred")
        args = request.args
        try:
            limit = int(float(args.get("limit", "10")))
        except ValueError:
            return self.error(400, "API_VALIDATION_ERROR", "limit must be a number")
        if not 1 <= limit <= MAX_LIMIT:
            return self.error(400, "API_VALIDATION_ERROR", "limit must be between 1 and 50")
        rows, positions = self._matching(args)
        after = args.get("after_id")
        if after:
            if after not in positions:
                return self.error(400, "API_VALIDATION_ERROR", "after_id is not a transaction")
            rows = rows[positions[after] + 1 :]
        page = rows[:limit]
        return self.json(
            {
                "has_more": len(rows) > limit,
                "data": page,
                "links": [{"href": f"{TRANSACTIONS}?after_id={page[-1]['id']}", "rel": "next"}]
                if len(rows) > limit
                else [],
            }
        )
