"""The business profile and teammates invited by email."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from brands.models import Business, BusinessInvitation, BusinessMembership
from tests.brands.factories import BusinessFactory, BusinessMembershipFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PROFILE = {
    "name": "Keripik Sri",
    "category": "food",
    "size": "micro",
    "city": "Malang",
    "province": "jatim",
    "nib": "9120001234567",
    "website": "https://tokopedia.com/keripiksri",
    "contact_name": "Sri Wahyuni",
    "contact_phone": "+62 812 0000 0000",
}


@pytest.fixture
def owner(client):
    membership = BusinessMembershipFactory(business__name="Keripik Sri")
    client.force_login(membership.user)
    return membership


def profile_url(business):
    return reverse("brands:profile", args=[business.pk])


def team_url(business):
    return reverse("brands:team", args=[business.pk])


def test_the_owner_fills_in_the_business_profile(client, owner):
    response = client.post(profile_url(owner.business), PROFILE)

    assert response.url == profile_url(owner.business)
    business = Business.objects.get(pk=owner.business.pk)
    assert (business.size, business.nib, business.city) == ("micro", "9120001234567", "Malang")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"nib": "12345"}, "nib", "exactly 13 digits"),
        ({"nib": "12345678901ab"}, "nib", "exactly 13 digits"),
        ({"size": ""}, "size", "This field is required."),
        ({"size": "huge"}, "size", "Select a valid choice."),
        ({"website": "not a site"}, "website", "Enter a valid URL."),
    ],
)
def test_the_profile_rejects_bad_input(client, owner, changes, field, message):
    response = client.post(profile_url(owner.business), {**PROFILE, **changes})

    assert message in " ".join(response.context["form"].errors[field])
    owner.business.refresh_from_db()
    assert owner.business.nib is None


def test_a_nib_belongs_to_one_business_but_can_be_left_empty_by_many(client, owner):
    BusinessFactory(nib="9120001234567")
    BusinessFactory(nib=None)

    taken = client.post(profile_url(owner.business), PROFILE)
    empty = client.post(profile_url(owner.business), {**PROFILE, "nib": ""})

    assert "Another business is already registered with this NIB." in taken.text
    assert empty.status_code == 302
    owner.business.refresh_from_db()
    assert owner.business.nib is None


def test_another_business_gets_404_for_the_profile_and_team(client, owner):
    client.force_login(BusinessMembershipFactory().user)

    assert client.get(profile_url(owner.business)).status_code == 404
    assert client.post(profile_url(owner.business), PROFILE).status_code == 404
    assert client.post(team_url(owner.business), {"email": "x@example.com"}).status_code == 404
    owner.business.refresh_from_db()
    assert owner.business.nib is None


def test_the_owner_invites_a_teammate_by_email(
    client, owner, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            team_url(owner.business), {"email": "adi@example.com", "role": "member"}, follow=True
        )

    invitation = BusinessInvitation.objects.get()
    assert "Invitation sent to adi@example.com." in response.text
    assert mailoutbox[-1].to == ["adi@example.com"]
    assert invitation.token in mailoutbox[-1].body
    assert "Keripik Sri" in mailoutbox[-1].subject


def test_a_member_cannot_invite(client, owner):
    member = BusinessMembershipFactory(business=owner.business, role="member").user
    client.force_login(member)

    response = client.post(team_url(owner.business), {"email": "adi@example.com"}, follow=True)

    assert "Only an owner can invite teammates." in response.text
    assert not BusinessInvitation.objects.exists()


def test_inviting_an_existing_member_is_refused(client, owner):
    response = client.post(team_url(owner.business), {"email": owner.user.email, "role": "member"})

    assert "already a member" in response.text
    assert not BusinessInvitation.objects.exists()


def invitation_for(owner, email, **fields):
    return BusinessInvitation.objects.create(
        business=owner.business, email=email, invited_by=owner.user, **fields
    )


def test_accepting_an_invitation_joins_the_business(client, owner):
    invitation = invitation_for(owner, "adi@example.com")
    adi = UserFactory(email="adi@example.com")
    client.force_login(adi)

    response = client.post(reverse("brands:accept_invitation", args=[invitation.token]))

    assert response.url == reverse("brands:campaigns", args=[owner.business.pk])
    membership = BusinessMembership.objects.get(user=adi)
    assert (membership.business, membership.role) == (owner.business, "member")
    adi.refresh_from_db()
    assert adi.is_business
    assert client.get(reverse("brands:campaigns", args=[owner.business.pk])).status_code == 200


@pytest.mark.parametrize(
    ("email", "fields", "message"),
    [
        ("someone-else@example.com", {}, "sent to another email address"),
        ("adi@example.com", {"accepted_at": timezone.now()}, "already been used"),
    ],
)
def test_an_invitation_cannot_be_used_by_the_wrong_person_or_twice(
    client, owner, email, fields, message
):
    invitation = invitation_for(owner, email, **fields)
    adi = UserFactory(email="adi@example.com")
    client.force_login(adi)

    response = client.post(
        reverse("brands:accept_invitation", args=[invitation.token]), follow=True
    )

    assert message in response.text
    assert not BusinessMembership.objects.filter(user=adi).exists()


def test_an_expired_invitation_is_refused(client, owner):
    invitation = invitation_for(owner, "adi@example.com")
    BusinessInvitation.objects.filter(pk=invitation.pk).update(
        created_at=timezone.now() - timedelta(days=30)
    )
    client.force_login(UserFactory(email="adi@example.com"))

    response = client.post(reverse("brands:accept_invitation", args=[invitation.token]))

    assert "expired" in response.text
    assert BusinessMembership.objects.count() == 1


def test_an_unknown_invitation_is_404(client, owner):
    assert client.get(reverse("brands:accept_invitation", args=["nope"])).status_code == 404


def png_upload(name="logo.png"):
    output = BytesIO()
    Image.new("RGB", (1200, 600), "orange").save(output, format="PNG")
    return SimpleUploadedFile(name, output.getvalue(), content_type="image/png")


def test_the_logo_is_stored_as_a_small_jpeg(client, owner, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path

    client.post(profile_url(owner.business), {**PROFILE, "logo": png_upload()})

    owner.business.refresh_from_db()
    assert owner.business.logo.name.endswith(".jpg")
    assert max(owner.business.logo.width, owner.business.logo.height) <= 800


def test_a_logo_that_is_not_an_image_is_refused(client, owner, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    fake = SimpleUploadedFile("logo.png", b"not an image", content_type="image/png")

    response = client.post(profile_url(owner.business), {**PROFILE, "logo": fake})

    assert response.context["form"].errors["logo"]
    owner.business.refresh_from_db()
    assert not owner.business.logo


def test_the_profile_form_leaves_checking_links_to_the_server(client, owner):
    response = client.get(profile_url(owner.business))

    assert b"novalidate" in response.content


def test_a_shop_link_typed_without_https_is_saved_with_it(client, owner):
    response = client.post(
        profile_url(owner.business), {**PROFILE, "website": "tokopedia.com/myshop"}
    )

    assert response.status_code == 302
    assert Business.objects.get(pk=owner.business.pk).website == "https://tokopedia.com/myshop"
