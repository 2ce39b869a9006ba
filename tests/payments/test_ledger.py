"""The double-entry ledger: entries balance or are refused, balances are sums,
and the nightly check finds books that do not balance and tells staff."""

from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone, translation

from collaborations.models import Collaboration
from payments import ledger
from payments.models import Account, LedgerCheck, LedgerEntry, LedgerLine
from payments.tasks import check_ledger as nightly_check
from tests.brands.factories import BusinessFactory, BusinessMembershipFactory, give_credit
from tests.collaborations.factories import CollaborationFactory
from tests.conftest import require
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def programme():
    return ledger.account(Account.Kind.CREDIT_PROGRAMME)


def credit_of(business):
    return ledger.account(Account.Kind.BUSINESS_CREDIT, business=business)


def test_an_entry_whose_lines_do_not_sum_to_zero_is_refused_and_nothing_is_written():
    business = BusinessFactory()

    with pytest.raises(ledger.UnbalancedEntry):
        ledger.post("grant", [(programme(), D("-100")), (credit_of(business), D("99.99"))])
    with pytest.raises(ledger.UnbalancedEntry):
        ledger.post("grant", [(credit_of(business), D("0"))])
    usd = ledger.account(Account.Kind.MONEY_IN, currency="USD")
    with pytest.raises(ledger.UnbalancedEntry):
        ledger.post("sale", [(usd, D("-5")), (credit_of(business), D("5"))], currency="USD")

    assert not LedgerEntry.objects.exists()
    assert not LedgerLine.objects.exists()


def test_lines_on_one_account_are_merged_and_balances_are_sums_of_lines():
    business = BusinessFactory()
    entry = ledger.post(
        "grant",
        [(programme(), D("-100")), (credit_of(business), D("60")), (credit_of(business), D("40"))],
        business=business,
    )

    assert entry.lines.count() == 2
    assert ledger.balance(credit_of(business)) == D("100.00")
    assert ledger.balance(programme()) == D("-100.00")


def test_a_reference_makes_a_movement_happen_once():
    business = BusinessFactory()
    lines = [(programme(), D("-100")), (credit_of(business), D("100"))]
    ledger.post("grant", lines, reference="grant:once")

    with pytest.raises(ledger.AlreadyPosted):
        ledger.post("grant", lines, reference="grant:once")

    assert ledger.balance(credit_of(business)) == D("100.00")


def test_entries_and_lines_cannot_be_changed_or_deleted_through_the_models():
    entry = give_credit(BusinessFactory(), "500000.00")
    line = entry.lines.first()

    for attempt in (entry.save, entry.delete, line.save, line.delete):
        with pytest.raises(ValidationError):
            attempt()

    assert LedgerEntry.objects.filter(pk=entry.pk).exists()
    assert LedgerLine.objects.get(pk=line.pk).amount == line.amount


@pytest.mark.parametrize(
    "rewrite",
    [
        lambda entry: LedgerLine.objects.filter(entry=entry).update(amount=D("1.00")),
        lambda entry: LedgerLine.objects.filter(entry=entry).delete(),
        lambda entry: LedgerEntry.objects.filter(pk=entry.pk).update(note="edited"),
        lambda entry: connection.cursor().execute(
            "DELETE FROM payments_ledgerentry WHERE id = %s", [entry.pk]
        ),
        lambda entry: connection.cursor().execute(
            "UPDATE payments_ledgerline SET amount = -amount WHERE entry_id = %s", [entry.pk]
        ),
    ],
    ids=["update lines", "delete lines", "update entry", "SQL delete entry", "SQL update lines"],
)
def test_the_database_refuses_to_rewrite_the_ledger(rewrite):
    require(connection.vendor == "postgresql", "PostgreSQL (the ledger's triggers)")
    entry = give_credit(BusinessFactory(), "500000.00")
    lines = sorted(entry.lines.values_list("account_id", "amount"))

    with pytest.raises(IntegrityError, match="The ledger is append-only"), transaction.atomic():
        rewrite(entry)

    entry.refresh_from_db()
    assert entry.note == ""
    assert sorted(entry.lines.values_list("account_id", "amount")) == lines
    assert ledger.check_ledger().passed


def test_one_account_per_owner_and_kind_however_often_it_is_asked_for():
    business = BusinessFactory()

    first, second = ledger.accounts(
        {"kind": Account.Kind.BUSINESS_CREDIT, "business": business},
        {"kind": Account.Kind.BUSINESS_CREDIT, "business": business.pk},
    )

    assert first.pk == second.pk == credit_of(business).pk
    assert Account.objects.filter(kind=Account.Kind.BUSINESS_CREDIT).count() == 1


def test_the_check_passes_on_books_made_by_the_services():
    give_credit(BusinessFactory(), "500000.00")
    CollaborationFactory(status=Collaboration.Status.APPROVED)
    CollaborationFactory(status=Collaboration.Status.ACCEPTED)

    result = ledger.check_ledger()

    assert result.problems == []
    assert result.passed
    assert result.entries == LedgerEntry.objects.count()
    assert LedgerCheck.objects.get() == result


def test_the_check_finds_an_unbalanced_entry_a_one_sided_one_and_a_negative_account():
    business = BusinessFactory()
    entry = give_credit(business, "500000.00")
    # Written around post(), as a bug or a hand edit in the database would.
    LedgerLine.objects.bulk_create([LedgerLine(entry=entry, account=programme(), amount=D("-1"))])
    lonely = LedgerEntry.objects.create(kind="grant", currency="IDR")
    LedgerLine.objects.bulk_create([LedgerLine(entry=lonely, account=programme(), amount=D("5"))])
    overdrawn = BusinessFactory()
    bad = LedgerEntry.objects.create(kind="reserve", currency="IDR")
    LedgerLine.objects.bulk_create(
        [
            LedgerLine(entry=bad, account=credit_of(overdrawn), amount=D("-10")),
            LedgerLine(entry=bad, account=programme(), amount=D("10")),
        ]
    )

    result = ledger.check_ledger()

    codes = {
        (problem["code"], problem.get("entry"), problem.get("account"))
        for problem in result.problems
    }
    assert ("unbalanced_entry", entry.pk, None) in codes
    assert ("one_sided_entry", lonely.pk, None) in codes
    assert ("negative_account", None, credit_of(overdrawn).pk) in codes
    assert ("books_off", None, None) in codes
    assert not result.passed


def test_the_nightly_task_emails_staff_only_when_the_books_do_not_balance(
    mailoutbox, django_capture_on_commit_callbacks
):
    staff = StaffFactory(email="finance@portal.test")
    give_credit(BusinessFactory(), "100.00")

    with django_capture_on_commit_callbacks(execute=True):
        assert nightly_check() == 0
    assert mailoutbox == []

    broken = LedgerEntry.objects.create(kind="grant", currency="IDR")
    LedgerLine.objects.bulk_create([LedgerLine(entry=broken, account=programme(), amount=D("7"))])
    with django_capture_on_commit_callbacks(execute=True):
        assert nightly_check() == 3

    assert [mail.to for mail in mailoutbox] == [[staff.email]]
    check = LedgerCheck.objects.first()
    assert reverse("admin:payments_ledgercheck_change", args=[check.pk]) in mailoutbox[0].body
    assert f"Entry #{broken.pk} has fewer than two lines." in mailoutbox[0].body


def test_a_business_sees_its_own_movements_with_their_accounts(client):
    membership = BusinessMembershipFactory()
    give_credit(membership.business, "750000.00")
    give_credit(BusinessFactory(), "999.00")
    client.force_login(membership.user)

    response = client.get(reverse("brands:credit", args=[membership.business.pk]))

    assert response.status_code == 200
    lines = list(response.context["entries"])
    assert [(line.entry.kind, line.account.kind, line.amount) for line in lines] == [
        ("grant", "business_credit", D("750000.00"))
    ]
    history = response.text.split("<tbody>")[1].split("</tbody>")[0]
    assert '<td class="text-end">Rp 750,000</td>' in history


@pytest.fixture
def staff_client(client, settings):
    settings.STAFF_REQUIRE_MFA = False
    client.force_login(StaffFactory())
    return client


def test_staff_read_the_ledger_accounts_and_checks_and_can_run_the_check(staff_client):
    business = BusinessFactory(name="Warung Bu Tini")
    give_credit(business, "300000.00")
    collaboration = CollaborationFactory(status=Collaboration.Status.SUBMITTED)
    Collaboration.objects.filter(pk=collaboration.pk).update(
        submitted_at=timezone.now() - timedelta(hours=60)
    )
    fresh = CollaborationFactory(status=Collaboration.Status.SUBMITTED)

    accounts = staff_client.get(reverse("admin:payments_account_changelist"))
    assert accounts.status_code == 200
    assert "300,000.00" in accounts.text or "300000.00" in accounts.text
    entry = LedgerEntry.objects.filter(business=business).get()
    assert (
        staff_client.get(reverse("admin:payments_ledgerentry_change", args=[entry.pk])).status_code
        == 200
    )

    listed = staff_client.get(reverse("admin:payments_ledgercheck_changelist"))
    assert reverse("admin:payments_ledgercheck_run") in listed.text
    ran = staff_client.post(reverse("admin:payments_ledgercheck_run"), follow=True)
    assert "Every account balances" in ran.text
    assert LedgerCheck.objects.get().passed

    due = staff_client.get(
        reverse("admin:collaborations_collaboration_changelist") + "?release=day"
    )
    assert list(due.context["cl"].result_list) == [collaboration]
    assert fresh not in due.context["cl"].result_list
