"""In Debian's Chromium, the money rails as people meet them without gateway
credentials: a buyer pays for a Series with QRIS on the sandbox gateway, the
notification unlocks it and the numbered receipt is in their purchases; a
business tops up by virtual account and downloads the month's invoice."""

import io
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from billing.services.invoices import issue_monthly_invoices
from tests.brands.factories import BusinessMembershipFactory
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.series.factories import EpisodeFactory, PublishedSeriesFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(page, email):
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page).not_to_have_url(re.compile("/accounts/login/"))


def test_a_buyer_pays_with_qris_and_finds_the_receipt_in_their_purchases(page, axe_violations):
    series = PublishedSeriesFactory(title="Batik at home")
    EpisodeFactory(series=series, title="Wax and cloth")
    buyer = UserFactory(full_name="Dewi Lestari")
    log_in(page, buyer.email)

    page.goto(series.get_absolute_url())
    page.get_by_role("button", name="Buy for Rp 50,000").click()
    expect(page.get_by_role("heading", name="Sandbox payment")).to_be_visible()
    page.get_by_role("link", name="QRIS (any banking or e-wallet app)").click()
    expect(page.get_by_role("img", name="QR code to scan (sandbox placeholder)")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Approve payment").click()

    # The notification went through the gateway's handler: the Series is theirs.
    expect(page.get_by_text("You own this Series: every episode is unlocked.")).to_be_visible()
    page.get_by_role("link", name="My purchases").click()
    page.get_by_role("link", name="Receipt for Batik at home").click()
    expect(page.get_by_role("heading", name="Receipt")).to_be_visible()
    receipt = page.get_by_role("article")
    number = re.compile(rf"^R-{timezone.localdate().year}-\d{{6}}$")
    expect(receipt.get_by_text(number)).to_be_visible()
    expect(receipt.get_by_text("QRIS", exact=True)).to_be_visible()
    expect(receipt.get_by_text("Batik at home")).to_be_visible()
    expect(receipt.get_by_text("Rp 50,000")).to_be_visible()
    assert axe_violations(page) == []


def test_a_business_tops_up_by_virtual_account_and_downloads_the_months_invoice(
    page, axe_violations
):
    owner = BusinessMembershipFactory(business__name="Warung Sari")
    log_in(page, owner.user.email)

    page.goto(f"/business/{owner.business.pk}/credit/")
    page.get_by_label("Amount (Rp)").fill("500000")
    page.get_by_role("button", name="Continue to payment").click()
    page.get_by_role("link", name="Virtual account: BCA").click()
    expect(
        page.get_by_text("Transfer the exact amount to this BCA virtual account:")
    ).to_be_visible()
    page.get_by_role("button", name="Approve payment").click()
    expect(page.get_by_role("cell", name="Top-up").first).to_be_visible()

    # The monthly run issues the month's invoice (on the 1st, for the month before).
    assert issue_monthly_invoices(month=timezone.localdate().replace(day=1)) == 1
    page.goto(f"/business/{owner.business.pk}/credit/")
    page.get_by_role("link", name="Monthly invoices").click()
    assert axe_violations(page) == []
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("PDF")).first.click()
    pdf = PdfReader(io.BytesIO(open(download.value.path(), "rb").read()))
    text = "\n".join(part.extract_text() for part in pdf.pages)
    assert "Warung Sari" in text
    assert "500,000" in text
    assert re.search(rf"INV-{timezone.localdate().year}-\d{{6}}", text)
