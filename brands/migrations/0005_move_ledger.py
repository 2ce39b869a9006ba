"""Move the single-entry credit ledger into the double-entry ledger (payments).

Each old row was one change to a business's paid balance or credit; it becomes
an entry of two lines with its counterpart: the programme for credit granted,
matched or expired, the payer for a top-up, the campaign's reserve for a
reservation or release. A fee spent at completion (the old way to pay a
creator) goes to money paid out, since it had already left the platform.

Collaborations accepted before holds existed have their fee still in the
campaign's reserve: it is moved into a hold now, and paid to the creator's
earnings for those already approved (approval now pays the fee).
"""

from decimal import Decimal

from django.conf import settings
from django.db import migrations

HOLDING = ["accepted", "submitted", "revision"]


def _account(Account, kind, *, currency="IDR", pool="", business=None, campaign=None,
             collaboration=None, creator=None):
    ids = {"b": business, "c": campaign, "k": collaboration, "p": creator}
    parts = [kind, currency, pool] + [f"{name}{value}" for name, value in ids.items() if value]
    found, _ = Account.objects.get_or_create(
        key=":".join(part for part in parts if part),
        defaults={
            "kind": kind,
            "currency": currency,
            "pool": pool,
            "business_id": business,
            "campaign_id": campaign,
            "collaboration_id": collaboration,
            "creator_id": creator,
        },
    )
    return found


def forwards(apps, schema_editor):
    Old = apps.get_model("brands", "LedgerEntry")
    Account = apps.get_model("payments", "Account")
    Entry = apps.get_model("payments", "LedgerEntry")
    Line = apps.get_model("payments", "LedgerLine")
    Collaboration = apps.get_model("collaborations", "Collaboration")

    def post(kind, lines, **fields):
        entry = Entry.objects.create(kind=kind, currency="IDR", **fields)
        for account, amount in lines:
            if amount:
                Line.objects.create(entry=entry, account=account, amount=amount)
        return entry

    for old in Old.objects.order_by("created_at", "pk").iterator():
        pool_kind = "business_balance" if old.pool == "balance" else "business_credit"
        own = _account(Account, pool_kind, business=old.business_id)
        if old.kind in {"grant", "match", "expire"}:
            other = _account(Account, "credit_programme")
        elif old.kind == "top_up":
            other = _account(Account, "money_in")
        elif old.kind in {"reserve", "release"}:
            other = _account(
                Account,
                "campaign_reserve",
                pool=old.pool,
                business=old.business_id,
                campaign=old.campaign_id,
            )
        else:  # spend
            other = _account(Account, "money_out")
        post(
            old.kind,
            [(own, old.amount), (other, -old.amount)],
            business_id=old.business_id,
            campaign_id=old.campaign_id,
            payment_reference=old.payment_reference,
            expires_at=old.expires_at,
            is_welcome=old.is_welcome,
            nib=old.nib,
            note=old.note,
            created_by_id=old.created_by_id,
            created_at=old.created_at,
        )

    percent = Decimal(settings.COLLABORATION_PLATFORM_FEE_PERCENT)
    unheld = Collaboration.objects.filter(status__in=[*HOLDING, "approved"]).select_related(
        "campaign"
    )
    for collaboration in unheld.order_by("pk"):
        campaign = collaboration.campaign
        owners = {
            "business": campaign.business_id,
            "campaign": campaign.pk,
        }
        remaining = collaboration.fee
        lines = []
        for pool in ("balance", "credit"):
            reserve = _account(Account, "campaign_reserve", pool=pool, **owners)
            available = sum((line.amount for line in Line.objects.filter(account=reserve)), Decimal(0))
            part = min(remaining, max(available, Decimal(0)))
            if part > 0:
                hold = _account(
                    Account,
                    "collaboration_hold",
                    pool=pool,
                    collaboration=collaboration.pk,
                    creator=collaboration.creator_id,
                    **owners,
                )
                lines += [(reserve, -part), (hold, part)]
                remaining -= part
        if not lines:
            continue  # nothing reserved any more: leave it for staff to settle
        fields = {
            "business_id": campaign.business_id,
            "campaign_id": campaign.pk,
            "collaboration_id": collaboration.pk,
            "creator_id": collaboration.creator_id,
            "note": "Moved into a hold when holds were introduced",
        }
        post("hold", lines, reference=f"hold:{collaboration.pk}", **fields)
        if collaboration.status == "approved":
            total = collaboration.fee - remaining
            platform = (total * percent / 100).quantize(Decimal("0.01"))
            pay = [(hold, -amount) for (hold, amount) in lines if amount > 0]
            pay += [
                (_account(Account, "creator_earnings", creator=collaboration.creator_id), total - platform),
                (_account(Account, "platform_fees"), platform),
            ]
            post("pay", pay, reference=f"pay:{collaboration.pk}", **fields)


class Migration(migrations.Migration):
    dependencies = [
        ("brands", "0004_shortlist"),
        ("payments", "0002_ledger"),
        ("collaborations", "0003_money"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
