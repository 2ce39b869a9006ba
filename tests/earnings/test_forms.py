"""What the payout method and tax details forms accept, and how they normalise it."""

import pytest
from django.core.exceptions import ValidationError

from earnings.forms import PayoutMethodForm, TaxDetailsForm, account_number, indonesian_mobile, npwp


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("012345678901234", "012345678901234"),
        ("0123456789012345", "0123456789012345"),
        ("12.345.678.9-012.345", "123456789012345"),
        (" 3201 2345 6789 0001 ", "3201234567890001"),
    ],
)
def test_an_npwp_of_15_or_16_digits_passes_dotted_or_not(typed, stored):
    assert npwp(typed) == stored


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("12345678901234", "15 or 16 digits; this one has 14"),
        ("12345678901234567", "15 or 16 digits; this one has 17"),
        ("12.345.678.9-012.34A", "only digits"),
        ("NPWP123456789012", "only digits"),
        ("١٢٣٤٥٦٧٨٩٠١٢٣٤٥", "only digits"),
    ],
)
def test_an_npwp_of_another_length_or_with_letters_fails_with_a_clear_message(typed, message):
    with pytest.raises(ValidationError) as refused:
        npwp(typed)
    assert message in str(refused.value.messages)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("081234567890", "+6281234567890"),
        ("6281234567890", "+6281234567890"),
        ("+62 812-3456-7890", "+6281234567890"),
        ("0812.3456.789", "+628123456789"),
        ("08123456789012", "+628123456789012"),
    ],
)
def test_an_e_wallet_number_is_stored_as_plus_62(typed, stored):
    assert indonesian_mobile(typed) == stored


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter the phone number"),
        ("0812345", "too short or too long"),
        ("081234567890123", "too short or too long"),
        ("0212345678", "starts with 08"),
        ("+6512345678", "starting with 08 or +62"),
        ("08123abc789", "only digits"),
    ],
)
def test_a_wrong_e_wallet_number_fails_with_a_clear_message(typed, message):
    with pytest.raises(ValidationError) as refused:
        indonesian_mobile(typed)
    assert message in str(refused.value.messages)


@pytest.mark.parametrize("typed", ["123456", "1234-5678-90", "1234 5678 9012 3456 7890"])
def test_a_bank_account_number_of_6_to_20_digits_passes(typed):
    assert account_number(typed) == typed.replace("-", "").replace(" ", "")


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("12345", "6 to 20 digits; this one has 5"),
        ("123456789012345678901", "6 to 20 digits; this one has 21"),
        ("12345O789", "only digits"),
    ],
)
def test_a_wrong_bank_account_number_fails_with_a_clear_message(typed, message):
    with pytest.raises(ValidationError) as refused:
        account_number(typed)
    assert message in str(refused.value.messages)


def test_the_bank_form_needs_a_bank_and_a_holder_and_drops_wallet_fields():
    form = PayoutMethodForm(
        {"kind": "bank", "account_number": "1234567", "wallet": "ovo", "phone": "0812345678"}
    )
    assert not form.is_valid()
    assert form.errors == {
        "bank": ["Choose your bank."],
        "account_holder": ["Enter the account holder's name."],
    }
    form = PayoutMethodForm(
        {"kind": "bank", "bank": "bni", "account_number": "12-34-567", "account_holder": " Sri  R "}
    )
    assert form.is_valid()
    assert (form.cleaned_data["account_number"], form.cleaned_data["account_holder"]) == (
        "1234567",
        "Sri R",
    )
    assert (form.cleaned_data["wallet"], form.cleaned_data["phone"]) == ("", "")


def test_the_e_wallet_form_needs_a_provider():
    form = PayoutMethodForm({"kind": "wallet", "phone": "0812345678"})
    assert not form.is_valid()
    assert form.errors == {"wallet": ["Choose your e-wallet."]}


@pytest.mark.django_db
def test_the_tax_form_strips_the_dots():
    form = TaxDetailsForm({"npwp": "12.345.678.9-012.345", "name": "Sri Rahayu"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["npwp"] == "123456789012345"
