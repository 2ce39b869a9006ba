import logging
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from earnings.models import Bank, PayoutFreeze, PayoutMethod, TaxDetails, Wallet
from earnings.providers import AccountCheck, PayoutProviderError, get_payout_provider

logger = logging.getLogger(__name__)

SEPARATORS = re.compile(r"[\s\-.]")


def account_number(value):
    """Digits only, 6 to 20 of them, once spaces and dashes are taken out."""
    digits = re.sub(r"[\s\-]", "", value or "")
    if not digits:
        raise ValidationError(_("Enter the account number."))
    if not digits.isdigit() or not digits.isascii():
        raise ValidationError(_("An account number has only digits (spaces and dashes are fine)."))
    if not 6 <= len(digits) <= 20:
        raise ValidationError(
            _("An account number has 6 to 20 digits; this one has %(count)d."),
            params={"count": len(digits)},
        )
    return digits


def indonesian_mobile(value):
    """An Indonesian mobile number as +628…: accepts 08…, 628… and +628…, with
    spaces, dashes or dots; 9 to 13 digits after the leading 0."""
    number = SEPARATORS.sub("", value or "")
    if not number:
        raise ValidationError(_("Enter the phone number of the e-wallet."))
    if number.startswith("+62"):
        national = number[3:]
    elif number.startswith("62"):
        national = number[2:]
    elif number.startswith("0"):
        national = number[1:]
    else:
        raise ValidationError(_("Enter an Indonesian mobile number, starting with 08 or +62."))
    if not national.isdigit() or not national.isascii():
        raise ValidationError(_("A phone number has only digits."))
    if not national.startswith("8"):
        raise ValidationError(_("E-wallets use a mobile number: it starts with 08 (or +628)."))
    if not 9 <= len(national) <= 13:
        raise ValidationError(_("This number is too short or too long for an Indonesian mobile."))
    return f"+62{national}"


def npwp(value):
    """15 digits (the old NPWP, often written 12.345.678.9-012.345) or 16 (the
    new one, the NIK); dots, dashes and spaces are taken out."""
    digits = SEPARATORS.sub("", value or "")
    if not digits.isdigit() or not digits.isascii():
        raise ValidationError(_("An NPWP has only digits (dots and dashes are fine)."))
    if len(digits) not in (15, 16):
        raise ValidationError(
            _("An NPWP has 15 or 16 digits; this one has %(count)d."),
            params={"count": len(digits)},
        )
    return digits


class PayoutMethodForm(forms.Form):
    """A bank account or an e-wallet, validated and normalised, then checked
    with the payout provider: an account the bank or e-wallet does not know is
    refused with its words, and ``account_check`` holds what it said (the name
    on the account) for the method to keep."""

    account_check = AccountCheck(valid=None)

    kind = forms.ChoiceField(
        label=_("Pay me to"),
        choices=PayoutMethod.Kind.choices,
        widget=forms.RadioSelect,
    )
    bank = forms.ChoiceField(
        label=_("Bank"), choices=[("", _("Choose your bank"))] + Bank.choices, required=False
    )
    account_number = forms.CharField(
        label=_("Account number"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    account_holder = forms.CharField(
        label=_("Account holder name"),
        max_length=100,
        required=False,
        help_text=_("Exactly as your bank shows it."),
    )
    wallet = forms.ChoiceField(
        label=_("E-wallet"),
        choices=[("", _("Choose your e-wallet"))] + Wallet.choices,
        required=False,
    )
    phone = forms.CharField(
        label=_("E-wallet phone number"),
        max_length=30,
        required=False,
        help_text=_("The mobile number of your e-wallet account, e.g. 0812 3456 7890."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == PayoutMethod.Kind.BANK:
            if not data.get("bank"):
                self.add_error("bank", _("Choose your bank."))
            try:
                data["account_number"] = account_number(data.get("account_number"))
            except ValidationError as error:
                self.add_error("account_number", error)
            data["account_holder"] = " ".join((data.get("account_holder") or "").split())
            if not data["account_holder"]:
                self.add_error("account_holder", _("Enter the account holder's name."))
            data.update(wallet="", phone="")
        elif kind == PayoutMethod.Kind.WALLET:
            if not data.get("wallet"):
                self.add_error("wallet", _("Choose your e-wallet."))
            try:
                data["phone"] = indonesian_mobile(data.get("phone"))
            except ValidationError as error:
                self.add_error("phone", error)
            data.update(bank="", account_number="", account_holder="")
        if kind and not self.errors:
            self.account_check = self._check_account(data)
        return data

    @staticmethod
    def _check_account(data):
        try:
            check = get_payout_provider().validate_account(data)
        except PayoutProviderError as error:
            logger.warning("Could not check a payout account with the provider: %s", error)
            raise ValidationError(
                _(
                    "We could not check this account with the bank or e-wallet just now, so "
                    "nothing was saved. Please try again in a few minutes."
                ),
                code="provider_unavailable",
            ) from error
        if check.valid is False:
            raise ValidationError(
                _("The bank or e-wallet refused this account: %(message)s"),
                params={"message": check.message},
                code="account_refused",
            )
        return check


class TaxDetailsForm(forms.ModelForm):
    npwp = forms.CharField(
        label=_("NPWP"),
        max_length=30,
        help_text=_("15 or 16 digits; the dotted form 12.345.678.9-012.345 is fine."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    class Meta:
        model = TaxDetails
        fields = ["npwp", "name"]
        help_texts = {"name": _("Exactly as it is printed on your NPWP card.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The page shows the current number masked; the form asks for it again
        # rather than printing the whole number back.
        if self.instance.pk and not self.is_bound:
            self.initial["npwp"] = ""

    def clean_npwp(self):
        return npwp(self.cleaned_data["npwp"])

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise ValidationError(_("Enter the name on the NPWP."))
        return name


class PayoutFreezeForm(forms.ModelForm):
    """Staff freeze a creator's payouts (the admin's add form)."""

    class Meta:
        model = PayoutFreeze
        fields = ["creator", "reason"]

    def clean_creator(self):
        creator = self.cleaned_data["creator"]
        if PayoutFreeze.objects.filter(creator=creator, lifted_at__isnull=True).exists():
            raise ValidationError(_("This creator's payouts are already frozen."))
        return creator
