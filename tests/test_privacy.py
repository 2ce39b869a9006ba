"""A person downloads their data and closes their account: personal data goes,
financial and audit records stay, anonymised."""

import io
import json
import re
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.files.base import ContentFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from brands.models import Business, BusinessMembership, Campaign
from collaborations.models import Collaboration, Message
from core.models import User
from creators.models import CreatorProfile, FigureSnapshot, ProgrammeApplication
from earnings.models import TaxDetails
from payments.models import LedgerEntry, Payment
from series.models import Purchase
from tests.brands.factories import BusinessMembershipFactory, CampaignFactory, give_credit
from tests.collaborations.factories import CollaborationFactory, live_campaign
from tests.creators.factories import ApplicationFactory, CreatorProfileFactory
from tests.earnings.factories import BankMethodFactory, ready_for_payouts
from tests.factories import DEFAULT_PASSWORD, StaffFactory, UserFactory
from tests.series.factories import PublishedSeriesFactory, PurchaseFactory, SeriesFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "kopi-susu-gula-aren-42"


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def record_figures(profile, followers):
    days_recorded = FigureSnapshot.objects.filter(profile=profile).count()
    FigureSnapshot.objects.create(
        profile=profile,
        recorded_on=timezone.localdate() - timedelta(days=days_recorded),
        source=FigureSnapshot.Source.FORM,
        follower_count=followers,
        public_video_count=4,
        views_last_30_days=20_000,
    )


def paid_payment(user, amount="50000.00"):
    return Payment.objects.create(
        idempotency_key=f"test-{user.pk}-{amount}",
        payer=user,
        amount=Decimal(amount),
        currency="IDR",
        description="Series purchase",
        purpose="series_purchase",
        purpose_reference="1",
        provider="sandbox",
        status=Payment.Status.PAID,
        return_url="/",
        completed_at=timezone.now(),
    )


def jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "red").save(buffer, "JPEG")
    return ContentFile(buffer.getvalue())


def export(client):
    response = client.get(reverse("privacy_export"))
    assert response.status_code == 200
    return response, json.loads(response.content)


def delete(client, password=DEFAULT_PASSWORD):
    return client.post(reverse("privacy_delete"), {"password": password})


# --- The privacy page -------------------------------------------------------


def test_the_privacy_page_is_linked_from_the_dashboard(client):
    profile = CreatorProfileFactory()
    client.force_login(profile.user)

    response = client.get(reverse("creators:dashboard"))

    assert reverse("privacy") in response.text


def test_the_privacy_pages_need_a_login(client):
    for name in ["privacy", "privacy_export", "privacy_delete"]:
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))


def test_the_privacy_page_rejects_post(client):
    client.force_login(UserFactory())

    assert client.post(reverse("privacy")).status_code == 405
    assert client.post(reverse("privacy_export")).status_code == 405


# --- Export -----------------------------------------------------------------


def test_a_creator_downloads_their_profile_figures_applications_series_and_purchases(client):
    profile = ApplicationFactory(profile__display_name="Siti Rahma", profile__bio="Masak").profile
    record_figures(profile, 12_345)
    SeriesFactory(creator=profile, title="Rendang in three steps")
    purchase = PurchaseFactory(buyer=profile.user, series__title="Batik at home")
    paid_payment(profile.user)
    collaboration = CollaborationFactory(creator=profile, status=Collaboration.Status.ACCEPTED)
    Message.objects.create(
        collaboration=collaboration, author=profile.user, side="creator", body="Siap, kak!"
    )
    client.force_login(profile.user)

    response, data = export(client)

    assert response["Content-Disposition"].startswith('attachment; filename="portal-data-')
    assert data["account"]["email"] == profile.user.email
    assert data["creator_profile"]["display_name"] == "Siti Rahma"
    assert data["creator_profile"]["bio"] == "Masak"
    assert data["creator_profile"]["figure_history"][0]["followers"] == 12_345
    assert data["creator_profile"]["applications"][0]["status"] == "submitted"
    assert data["creator_profile"]["series"][0]["title"] == "Rendang in three steps"
    assert data["purchases"] == [
        {
            "series": "Batik at home",
            "price": "50000.00",
            "currency": "IDR",
            "status": "paid",
            "paid_at": DjangoJSONEncoder().default(purchase.paid_at),
            "refunded_at": None,
        }
    ]
    assert data["payments"][0]["amount"] == "50000.00"
    assert data["collaborations"][0]["business"] == collaboration.campaign.business.name
    assert data["collaborations"][0]["your_messages"][0]["body"] == "Siap, kak!"


def test_a_business_downloads_its_businesses_campaigns_ledger_and_collaborations(client):
    campaign = live_campaign(product_name="Keripik Tempe")
    business = campaign.business
    business.contact_phone = "0812-3456-7890"
    business.save()
    CollaborationFactory(campaign=campaign, status=Collaboration.Status.INVITED)
    client.force_login(campaign.member)

    _, data = export(client)

    assert data["creator_profile"] is None
    [exported] = data["businesses"]
    assert exported["name"] == business.name
    assert exported["contact_phone"] == "0812-3456-7890"
    assert exported["campaigns"][0]["product_name"] == "Keripik Tempe"
    assert [(entry["kind"], entry["account"], entry["amount"]) for entry in exported["ledger"]] == [
        ("grant", "business_credit", "1000000.00"),
        ("reserve", "business_credit", "-1000000.00"),
        ("reserve", "campaign_reserve", "1000000.00"),
    ]
    assert data["collaborations"][0]["campaign"] == "Keripik Tempe"


def test_the_export_holds_nothing_of_other_people(client):
    me = CreatorProfileFactory()
    other = CreatorProfileFactory(bio="Other bio", city="Medan", user__full_name="Budi Other")
    record_figures(other, 99_999)
    PurchaseFactory(buyer=other.user, series__title="Someone else's purchase")
    campaign = live_campaign()
    collaboration = CollaborationFactory(creator=me, campaign=campaign)
    Message.objects.create(
        collaboration=collaboration,
        author=campaign.member,
        side="business",
        body="A private note from the business",
    )
    client.force_login(me.user)

    response, data = export(client)

    text = response.content.decode()
    for foreign in [
        other.user.email,
        "Budi Other",
        "Other bio",
        "Medan",
        "99999",
        "Someone else's purchase",
        campaign.member.email,
        "A private note from the business",
    ]:
        assert foreign not in text
    assert data["collaborations"][0]["your_messages"] == []


def test_the_export_takes_the_same_queries_whatever_the_amount_of_data(
    client, django_assert_num_queries
):
    profile = ApplicationFactory().profile
    client.force_login(profile.user)

    def add_data():
        record_figures(profile, 1_000)
        SeriesFactory(creator=profile)
        PurchaseFactory(buyer=profile.user)
        CollaborationFactory(creator=profile, status=Collaboration.Status.APPROVED)
        BankMethodFactory(creator=profile, is_current=False)

    add_data()
    with CaptureQueriesContext(connection) as small:
        export(client)
    for _ in range(3):
        add_data()
    with django_assert_num_queries(len(small.captured_queries)):
        export(client)


# --- Deletion ---------------------------------------------------------------


def test_deleting_asks_for_the_password_on_a_confirmation_page(client):
    profile = CreatorProfileFactory()
    client.force_login(profile.user)

    response = client.get(reverse("privacy_delete"))

    assert response.status_code == 200
    assert "This cannot be undone." in response.text
    assert 'name="password"' in response.text
    assert User.objects.get(pk=profile.user.pk).is_active


def test_a_wrong_password_deletes_nothing(client):
    profile = CreatorProfileFactory(bio="Masak rendang")
    client.force_login(profile.user)

    response = delete(client, password="not-my-password")

    assert response.status_code == 200
    assert "That is not your password." in response.text
    profile.refresh_from_db()
    assert profile.bio == "Masak rendang"
    assert profile.user.is_active


def test_a_missing_password_deletes_nothing(client):
    profile = CreatorProfileFactory()
    client.force_login(profile.user)

    response = client.post(reverse("privacy_delete"), {})

    assert "This field is required." in response.text
    assert User.objects.get(pk=profile.user.pk).email == profile.user.email


def test_deleting_needs_the_csrf_token(client):
    from django.test import Client

    profile = CreatorProfileFactory()
    strict = Client(enforce_csrf_checks=True, headers={"Accept-Language": "en"})
    strict.force_login(profile.user)

    response = delete(strict)

    assert response.status_code == 403
    assert User.objects.get(pk=profile.user.pk).is_active


def test_a_creator_deletion_removes_personal_data_and_keeps_purchases_and_payments(client):
    profile = ApplicationFactory(
        profile__display_name="Siti Rahma",
        profile__bio="Masak rendang",
        profile__city="Malang",
        profile__premium_content_url="https://karyakarsa.com/siti",
    ).profile
    profile.photo.save("siti.jpg", jpeg())
    photo_path = Path(profile.photo.path)
    assert photo_path.exists()
    user = profile.user
    user.full_name = "Siti Rahma"
    user.save()
    record_figures(profile, 12_000)
    purchase = PurchaseFactory(buyer=user)
    payment = paid_payment(user)
    collaboration = CollaborationFactory(creator=profile, status=Collaboration.Status.DECLINED)
    client.force_login(user)

    response = delete(client)

    assert response.status_code == 302
    assert response.url == reverse("home")
    user.refresh_from_db()
    profile.refresh_from_db()
    assert user.email.endswith("@deleted.invalid")
    assert user.full_name == ""
    assert not user.is_active
    assert not user.has_usable_password()
    assert not EmailAddress.objects.filter(user=user).exists()
    assert profile.display_name == "Deleted creator"
    assert profile.handle == f"deleted-{profile.pk}"
    assert (profile.bio, profile.city, profile.premium_content_url) == ("", "", "")
    assert profile.date_of_birth is None
    assert profile.follower_count == 0
    assert profile.contact_preference == CreatorProfile.ContactPreference.NONE
    assert not profile.photo
    assert not photo_path.exists()
    assert not FigureSnapshot.objects.filter(profile=profile).exists()
    # Financial and audit records stay, pointing at the anonymised account.
    assert Purchase.objects.get(pk=purchase.pk).buyer_id == user.pk
    assert Payment.objects.get(pk=payment.pk).amount == Decimal("50000.00")
    assert Collaboration.objects.get(pk=collaboration.pk).creator_id == profile.pk
    application = ProgrammeApplication.objects.get(profile=profile)
    assert application.status == ProgrammeApplication.Status.WITHDRAWN
    assert application.decisions.get().reason == "Account deleted"
    # The public media kit is gone with the account.
    assert client.get(reverse("creators:media_kit", args=[profile.handle])).status_code == 404


def test_deletion_ends_every_session_of_the_account(client):
    from django.test import Client

    profile = CreatorProfileFactory()
    other_device = Client(headers={"Accept-Language": "en"})
    other_device.force_login(profile.user)
    client.force_login(profile.user)

    delete(client)

    for device in (client, other_device):
        response = device.get(reverse("creators:dashboard"))
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))


def test_the_email_address_can_sign_up_again_after_deletion(
    client, django_capture_on_commit_callbacks
):
    profile = CreatorProfileFactory(user__email="siti@example.com")
    client.force_login(profile.user)
    delete(client)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_signup"),
            {
                "role": "creator",
                "name": "Siti Rahma",
                "email": "siti@example.com",
                "password1": NEW_PASSWORD,
                "password2": NEW_PASSWORD,
            },
        )

    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    new_user = User.objects.get(email="siti@example.com")
    assert new_user.pk != profile.user.pk
    assert re.search(r"/accounts/confirm-email/", mail.outbox[-1].body)


def test_a_sole_business_member_deletion_anonymises_the_business_and_keeps_its_ledger(client):
    membership = BusinessMembershipFactory(
        business__name="Kopi Kenangan Ibu", business__nib="1234567890123"
    )
    business = membership.business
    business.contact_name = "Ibu Sri"
    business.contact_phone = "0812-3456-7890"
    business.save()
    entry = give_credit(business, "4500000.00")
    CampaignFactory(business=business, status=Campaign.Status.COMPLETED)
    client.force_login(membership.user)

    delete(client)

    business.refresh_from_db()
    assert business.name == f"Deleted business #{business.pk}"
    assert business.nib is None
    assert (business.contact_name, business.contact_phone) == ("", "")
    assert LedgerEntry.objects.get(pk=entry.pk).amount_on("business_credit") == Decimal(
        "4500000.00"
    )
    assert Campaign.objects.filter(business=business).count() == 1
    assert not BusinessMembership.objects.filter(user=membership.user).exists()


def test_a_business_with_teammates_stays_theirs_and_the_oldest_teammate_becomes_owner(client):
    owner = BusinessMembershipFactory(business__name="Kopi Kenangan Ibu")
    business = owner.business
    teammate = BusinessMembershipFactory(business=business, role=BusinessMembership.Role.MEMBER)
    live_campaign(member=teammate)
    client.force_login(owner.user)

    delete(client)

    business.refresh_from_db()
    assert business.name == "Kopi Kenangan Ibu"
    teammate.refresh_from_db()
    assert teammate.role == BusinessMembership.Role.OWNER
    assert list(business.memberships.all()) == [teammate]


def test_deletion_waits_until_running_campaigns_and_collaborations_end(client):
    campaign = live_campaign()
    client.force_login(campaign.member)

    response = delete(client)

    assert response.status_code == 200
    assert "Complete or cancel your business&#x27;s campaigns" in response.text
    assert User.objects.get(pk=campaign.member.pk).is_active
    assert Business.objects.get(pk=campaign.business_id).name == campaign.business.name


def test_deletion_waits_while_a_creator_has_series_on_sale_or_work_in_progress(client):
    profile = CreatorProfileFactory()
    PublishedSeriesFactory(creator=profile)
    CollaborationFactory(creator=profile, status=Collaboration.Status.SUBMITTED)
    client.force_login(profile.user)

    response = delete(client)

    assert "Unpublish your Series" in response.text
    assert "Finish, decline or withdraw your collaborations in progress." in response.text
    assert User.objects.get(pk=profile.user.pk).is_active


def test_staff_accounts_are_not_closed_from_the_privacy_page(client):
    staff = StaffFactory()
    client.force_login(staff)

    response = delete(client)

    assert "Staff accounts are closed by an administrator." in response.text
    assert User.objects.get(pk=staff.pk).is_active


def test_a_creator_downloads_their_earnings_payout_methods_and_tax_details(client):
    profile = CreatorProfileFactory()
    CollaborationFactory(
        creator=profile, status=Collaboration.Status.APPROVED, fee=Decimal("250000")
    )
    ready_for_payouts(profile, account_number="1234567890")
    TaxDetails.objects.create(creator=profile, npwp="123456789012345", name="Siti Rahma")
    client.force_login(profile.user)

    _response, data = export(client)

    creator = data["creator_profile"]
    assert [(row["kind"], row["account"], row["amount"]) for row in creator["earnings_ledger"]] == [
        ("pay", "creator_earnings", "225000.00")
    ]
    assert creator["payout_methods"][0]["account_number"] == "1234567890"
    assert creator["tax_details"] == [{"npwp": "123456789012345", "name": "Siti Rahma"}]


def test_deletion_waits_while_earnings_are_still_to_be_paid_out(client):
    profile = CreatorProfileFactory()
    CollaborationFactory(creator=profile, status=Collaboration.Status.COMPLETED)
    client.force_login(profile.user)

    response = delete(client)

    assert "You still have earnings to be paid out." in response.text
    assert User.objects.get(pk=profile.user.pk).is_active
