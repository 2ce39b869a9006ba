"""Where a creator's payouts go: a bank account or an e-wallet."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Bank(models.TextChoices):
    BCA = "bca", "BCA"
    BRI = "bri", "BRI"
    BNI = "bni", "BNI"
    MANDIRI = "mandiri", "Mandiri"
    CIMB_NIAGA = "cimb_niaga", "CIMB Niaga"
    BSI = "bsi", _("BSI (Bank Syariah Indonesia)")
    PERMATA = "permata", "Permata"
    DANAMON = "danamon", "Danamon"
    BTN = "btn", "BTN"
    OCBC_NISP = "ocbc_nisp", "OCBC NISP"
    JAGO = "jago", "Bank Jago"
    SEABANK = "seabank", "SeaBank"
    MAYBANK = "maybank", "Maybank Indonesia"
    PANIN = "panin", "Panin"
    BJB = "bjb", "bank bjb"
    MEGA = "mega", "Bank Mega"
    BLU = "blu", "blu by BCA Digital"


class Wallet(models.TextChoices):
    GOPAY = "gopay", "GoPay"
    OVO = "ovo", "OVO"
    DANA = "dana", "DANA"
    SHOPEEPAY = "shopeepay", "ShopeePay"
    LINKAJA = "linkaja", "LinkAja"


class PayoutMethodQuerySet(models.QuerySet):
    def waiting(self, now=None):
        """Current methods that payouts do not go to yet (``PayoutMethod.waiting``)."""
        return self.filter(is_current=True, usable_from__gt=now or timezone.now())


class PayoutMethod(models.Model):
    """Where a creator's payouts go: a bank account or an e-wallet. A creator
    has at most one current method; replaced ones are kept (``is_current`` off)
    so that past payouts can be traced."""

    class Kind(models.TextChoices):
        BANK = "bank", _("Bank account")
        WALLET = "wallet", _("E-wallet")

    creator = models.ForeignKey(
        "creators.CreatorProfile",
        on_delete=models.PROTECT,
        related_name="payout_methods",
        verbose_name=_("creator"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    bank = models.CharField(_("bank"), max_length=20, choices=Bank.choices, blank=True)
    account_number = models.CharField(_("account number"), max_length=20, blank=True)
    account_holder = models.CharField(_("account holder name"), max_length=100, blank=True)
    wallet = models.CharField(_("e-wallet"), max_length=20, choices=Wallet.choices, blank=True)
    phone = models.CharField(_("phone number"), max_length=16, blank=True)
    # What the bank or e-wallet says the account's name is, when the payout
    # provider could check it on saving (blank when it could not).
    validated_name = models.CharField(_("name the bank gives"), max_length=100, blank=True)
    validated_at = models.DateTimeField(_("checked with the bank"), null=True, blank=True)
    is_current = models.BooleanField(_("current"), default=True)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)
    usable_from = models.DateTimeField(
        _("payouts go here from"),
        default=timezone.now,
        help_text=_(
            "Payouts go to this method from this time on. A method that replaces "
            "another waits EARNINGS_NEW_METHOD_WAIT_DAYS, so that its owner can stop "
            "a change they did not make."
        ),
    )

    objects = PayoutMethodQuerySet.as_manager()

    class Meta:
        verbose_name = _("payout method")
        verbose_name_plural = _("payout methods")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["creator"],
                condition=Q(is_current=True),
                name="payout_method_one_current_per_creator",
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind="bank")
                    & ~Q(bank="")
                    & Q(account_number__regex=r"^[0-9]{6,20}$")
                    & ~Q(account_holder="")
                    & Q(wallet="", phone="")
                )
                | (
                    Q(kind="wallet")
                    & ~Q(wallet="")
                    & Q(phone__regex=r"^\+628[0-9]{8,12}$")
                    & Q(bank="", account_number="", account_holder="")
                ),
                name="payout_method_complete_for_its_kind",
            ),
        ]

    def __str__(self):
        return f"{self.creator_id}: {self.masked}"

    @property
    def masked(self):
        """The method as shown back to its owner: only the last four digits."""
        if self.kind == self.Kind.BANK:
            return f"{self.get_bank_display()} ••••{self.account_number[-4:]}"
        return f"{self.get_wallet_display()} ••••{self.phone[-4:]}"

    def waiting(self, now=None):
        """Whether payouts must still wait before going to this method."""
        return self.usable_from > (now or timezone.now())

    def snapshot(self):
        """What a payout keeps of the method it was sent to."""
        return {
            "kind": self.kind,
            "bank": self.bank,
            "account_number": self.account_number,
            "account_holder": self.account_holder,
            "wallet": self.wallet,
            "phone": self.phone,
            "validated_name": self.validated_name,
            "label": self.masked,
        }
