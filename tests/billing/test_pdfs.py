"""Documents as PDF: DejaVu Sans prints any name; without the font files the
core Helvetica prints what Latin-1 can and replaces the rest. A creator's
statement as PDF shows the same figures as its CSV, for that creator alone."""

import csv
import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from billing import pdf
from billing.models import Receipt
from core.money import format_money
from earnings.services import make_monthly_statements
from tests.billing.factories import buy, pdf_text
from tests.conftest import require
from tests.creators.factories import CreatorProfileFactory
from tests.earnings.factories import at, pay_fee, ready_for_payouts
from tests.factories import UserFactory
from tests.series.factories import PublishedSeriesFactory, approved_creator

pytestmark = pytest.mark.django_db

NAME = "Đặng Thị Ánh — 李小龙"


def a_document():
    return pdf.Document(
        title="Receipt",
        number="R-2026-000042",
        dates=[("Paid", "6 December 2026")],
        parties=[("From", ["Portal", "Jakarta"]), ("Paid by", [NAME])],
        columns=["Description", "Amount"],
        rows=[["Series “Rendang” by Sari", "Rp 49,000"]],
        totals=[("Total paid", "Rp 49,000")],
        footer="Portal · Thank you.",
    )


def test_dejavu_prints_any_name(settings):
    require(
        (Path(settings.BILLING_FONT_DIR) / "DejaVuSans.ttf").exists(),
        "DejaVu Sans (Debian's fonts-dejavu-core)",
    )
    text = pdf_text(pdf.render(a_document()))

    assert "R-2026-000042" in text
    assert "Đặng Thị Ánh" in text and "Rp 49,000" in text


def test_without_the_font_files_helvetica_prints_latin_1_and_replaces_the_rest(settings, tmp_path):
    settings.BILLING_FONT_DIR = str(tmp_path / "no-fonts-here")

    text = pdf_text(pdf.render(a_document()))

    assert "R-2026-000042" in text and "Rp 49,000" in text
    assert "Thị" not in text
    assert 'Series "Rendang" by Sari' in text
    assert "?" in text


def test_a_receipt_pdf_downloads_with_helvetica_too(client, settings, tmp_path):
    settings.BILLING_FONT_DIR = str(tmp_path / "no-fonts-here")
    buyer = UserFactory(full_name=NAME)
    buy(PublishedSeriesFactory(title="Soto Betawi"), buyer, amount="75000.00")
    receipt = Receipt.objects.get()
    client.force_login(buyer)

    response = client.get(reverse("billing:receipt_pdf", args=[receipt.number]))

    text = pdf_text(response.content)
    assert receipt.number in text and "Rp 75,000" in text and "Soto Betawi" in text


@pytest.fixture
def statement():
    creator = approved_creator(display_name="Sari Masak")
    last_month = (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)
    pay_fee(creator, "1000000.00", when=at(last_month.year, last_month.month))
    ready_for_payouts(creator)
    make_monthly_statements(last_month)
    return creator.statements.get()


def test_the_statement_pdf_shows_the_csvs_figures(client, statement):
    client.force_login(statement.creator.user)

    pdf_response = client.get(reverse("billing:statement_pdf", args=[statement.pk]))
    csv_response = client.get(reverse("earnings:statement_csv", args=[statement.pk]))

    text = pdf_text(pdf_response.content)
    rows = list(csv.reader(io.StringIO(csv_response.content.decode())))
    assert "Sari Masak" in text
    for label, amount in statement.figures():
        assert [str(label), str(amount)] in rows
        assert format_money(amount, statement.currency) in text
    assert format_money("900000.00") in text


def test_the_earnings_page_links_the_pdf_beside_the_csv(client, statement):
    client.force_login(statement.creator.user)

    page = client.get(reverse("earnings:index"))

    assert reverse("billing:statement_pdf", args=[statement.pk]) in page.text


def test_another_creator_gets_a_404_for_the_statement_pdf(client, statement):
    client.force_login(CreatorProfileFactory().user)

    response = client.get(reverse("billing:statement_pdf", args=[statement.pk]))

    assert response.status_code == 404


def test_long_tables_run_over_pages_and_long_descriptions_wrap():
    document = a_document()
    document.rows = [[f"Movement {n}", f"Rp {n},000"] for n in range(150)]
    document.rows.append(["A description long enough to wrap onto a second line " * 3, "Rp 1"])

    data = pdf.render(document)

    text = pdf_text(data)
    assert len(PdfReader(io.BytesIO(data)).pages) > 1
    assert "Movement 0" in text and "Movement 149" in text and "Rp 149,000" in text
    assert "wrap onto" in text and "Rp 1\n" in text + "\n"
