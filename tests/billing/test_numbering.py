"""Document numbers run 1, 2, 3… per kind and year (Asia/Jakarta), are never
given twice and leave no gap, even when documents are made at the same time."""

import threading
from datetime import UTC, datetime

import pytest
from django.db import connection, connections, transaction

from billing.models import DocumentCounter
from billing.services.numbering import next_number
from tests.conftest import require

RECEIPT, INVOICE = DocumentCounter.Kind.RECEIPT, DocumentCounter.Kind.INVOICE


def number(kind, now=None):
    with transaction.atomic():
        return next_number(kind, now=now)


@pytest.mark.django_db
def test_numbers_are_sequential_per_kind_and_year():
    now = datetime(2026, 6, 1, tzinfo=UTC)

    receipts = [number(RECEIPT, now) for _ in range(3)]
    invoice = number(INVOICE, now)
    next_year = number(RECEIPT, datetime(2027, 1, 5, tzinfo=UTC))

    assert receipts == ["R-2026-000001", "R-2026-000002", "R-2026-000003"]
    assert invoice == "INV-2026-000001"
    assert next_year == "R-2027-000001"


@pytest.mark.django_db
def test_the_year_is_the_year_in_jakarta():
    # 17:30 UTC on 31 December is already 1 January in Jakarta (UTC+7).
    assert number(RECEIPT, datetime(2026, 12, 31, 17, 30, tzinfo=UTC)) == "R-2027-000001"


@pytest.mark.django_db
def test_a_rolled_back_document_gives_its_number_back():
    now = datetime(2026, 6, 1, tzinfo=UTC)
    number(RECEIPT, now)
    with pytest.raises(RuntimeError), transaction.atomic():
        next_number(RECEIPT, now=now)
        raise RuntimeError("the document could not be made")

    assert number(RECEIPT, now) == "R-2026-000002"


@pytest.mark.django_db(transaction=True)
def test_a_number_outside_a_transaction_is_refused():
    with pytest.raises(RuntimeError):
        next_number(RECEIPT)


@pytest.mark.django_db(transaction=True)
def test_numbers_given_at_the_same_time_have_no_duplicate_and_no_gap():
    require(connection.vendor == "postgresql", "PostgreSQL")
    threads_count, per_thread = 8, 10
    barrier = threading.Barrier(threads_count)
    numbers, errors = [], []
    lock = threading.Lock()

    def take():
        try:
            barrier.wait()
            for _ in range(per_thread):
                got = number(INVOICE)
                with lock:
                    numbers.append(got)
        except Exception as error:  # noqa: BLE001 - the test reports any failure
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=take) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    sequence = sorted(int(value.rsplit("-", 1)[1]) for value in numbers)
    assert sequence == list(range(1, threads_count * per_thread + 1))
