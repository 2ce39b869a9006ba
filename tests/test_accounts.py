import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.core import mail
from django.urls import reverse

from brands import services as brands_services
from brands.models import BusinessMembership
from core.models import User
from creators.models import CreatorProfile
from tests.brands.factories import CampaignFactory, give_credit
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "kopi-susu-gula-aren-42"


def sign_up(client, capture, **fields):
    data = {
        "role": "creator",
        "name": "Siti Rahma",
        "email": "siti@example.com",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        **fields,
    }
    with capture(execute=True):
        return client.post(reverse("account_signup"), data)


def sign_up_a_business(client, capture, **fields):
    business = {
        "role": "business",
        "name": "Kopi Kenangan Ibu",
        "full_name": "Ratna Dewi",
        "email": "owner@kopi.example",
    }
    return sign_up(client, capture, **{**business, **fields})


def confirmation_link(message):
    return re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body).group(0)


def log_in(client, email, password):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_it_signs_up_a_creator_with_a_profile(client, django_capture_on_commit_callbacks):
    response = sign_up(client, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    user = User.objects.get(email="siti@example.com")
    assert user.role == User.Role.CREATOR
    profile = CreatorProfile.objects.get(user=user)
    assert profile.display_name == "Siti Rahma"
    assert profile.handle == "siti-rahma"


def test_it_signs_up_a_business_as_owner_of_a_new_business(
    client, django_capture_on_commit_callbacks
):
    sign_up_a_business(client, django_capture_on_commit_callbacks)

    user = User.objects.get(email="owner@kopi.example")
    assert user.role == User.Role.BUSINESS
    membership = BusinessMembership.objects.select_related("business").get(user=user)
    assert membership.business.name == "Kopi Kenangan Ibu"
    assert membership.role == BusinessMembership.Role.OWNER
    assert not CreatorProfile.objects.filter(user=user).exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"role": ""}, "Choose whether you are a creator, a business or a fan."),
        (
            {"role": "business", "name": "Kopi Kenangan Ibu", "full_name": ""},
            "Enter your name: your team sees it next to what you do.",
        ),
    ],
    ids=["a role", "a business user's own name"],
)
def test_it_requires_an_answer_and_creates_nothing_without_it(
    client, django_capture_on_commit_callbacks, fields, message
):
    response = sign_up(client, django_capture_on_commit_callbacks, **fields)

    assert response.status_code == 200
    assert message in response.text
    assert not User.objects.exists()
    assert mail.outbox == []


def test_it_rejects_a_blank_name(client, django_capture_on_commit_callbacks):
    response = sign_up(client, django_capture_on_commit_callbacks, name="   ")

    assert response.status_code == 200
    assert not User.objects.exists()


def test_it_gives_a_second_creator_with_the_same_name_a_free_handle(
    client, django_capture_on_commit_callbacks
):
    sign_up(client, django_capture_on_commit_callbacks)
    client.logout()
    sign_up(client, django_capture_on_commit_callbacks, email="another.siti@example.com")

    handles = set(CreatorProfile.objects.values_list("handle", flat=True))
    assert handles == {"siti-rahma", "siti-rahma-2"}


def test_it_emails_a_verification_link_and_refuses_login_until_verified(
    client, django_capture_on_commit_callbacks
):
    sign_up(client, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    link = confirmation_link(mail.outbox[0])
    assert mail.outbox[0].to == ["siti@example.com"]

    client.logout()
    response = log_in(client, "siti@example.com", NEW_PASSWORD)
    assert response.url == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session

    client.post(link)
    assert EmailAddress.objects.get(email="siti@example.com").verified
    response = log_in(client, "siti@example.com", NEW_PASSWORD)
    assert response.url == reverse("dashboard")
    assert client.get(reverse("dashboard"), follow=True).redirect_chain[-1][0] == reverse(
        "creators:dashboard"
    )


def test_it_rejects_a_wrong_password(client):
    UserFactory(email="budi@example.com")

    response = log_in(client, "budi@example.com", "not-the-password")

    assert response.status_code == 200
    assert "The email address and/or password you specified are not correct." in response.text
    assert "_auth_user_id" not in client.session


def test_it_blocks_login_after_repeated_failures_even_with_the_right_password(client):
    UserFactory(email="budi@example.com")
    for _ in range(5):
        log_in(client, "budi@example.com", "not-the-password")

    response = log_in(client, "budi@example.com", DEFAULT_PASSWORD)

    assert response.status_code == 200
    assert "Too many failed login attempts. Try again later." in response.text
    assert "_auth_user_id" not in client.session


def test_it_logs_out_on_post(client):
    user = UserFactory()
    client.force_login(user)

    response = client.post(reverse("account_logout"))

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_an_email_with_a_reset_link(
    client, django_capture_on_commit_callbacks
):
    UserFactory(email="budi@example.com")

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": "budi@example.com"})

    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_it_lets_a_user_without_a_role_choose_one(client):
    user = UserFactory()
    client.force_login(user)

    response = client.post(
        reverse("dashboard"),
        {"role": "business", "name": "Warung Bu Tini", "full_name": "Tini Suryani"},
    )

    assert response.url == reverse("brands:dashboard")
    user.refresh_from_db()
    assert user.role == User.Role.BUSINESS
    assert user.full_name == "Tini Suryani"
    assert user.businesses.get().name == "Warung Bu Tini"


def test_signup_form_preselects_the_role_from_the_link(client):
    response = client.get(reverse("account_signup") + "?role=business")

    assert re.search(r'<input[^>]*value="business"[^>]*checked', response.text)


def test_a_creator_goes_by_their_display_name_unless_they_give_their_own(
    client, django_capture_on_commit_callbacks
):
    sign_up(client, django_capture_on_commit_callbacks)
    sign_up(
        client,
        django_capture_on_commit_callbacks,
        name="Kopi Vlog",
        full_name="  Budi   Santoso ",
        email="budi@example.com",
    )

    assert User.objects.get(email="siti@example.com").full_name == "Siti Rahma"
    assert User.objects.get(email="budi@example.com").full_name == "Budi Santoso"


def test_the_campaign_history_shows_the_name_given_at_signup_not_the_email(
    client, django_capture_on_commit_callbacks
):
    sign_up_a_business(client, django_capture_on_commit_callbacks)
    user = User.objects.get(email="owner@kopi.example")
    business = user.businesses.get()
    give_credit(business, "3000000.00")
    campaign = CampaignFactory(business=business)
    brands_services.launch_campaign(campaign=campaign, user=user)
    client.force_login(user)

    page = client.get(reverse("brands:campaign_detail", args=[campaign.pk])).text
    history = page.split('<ol class="list-group list-group-numbered">')[1].split("</ol>")[0]

    assert "Draft → In review" in history
    assert "Ratna Dewi" in history
    assert "owner@kopi.example" not in history


def test_the_login_page_has_labelled_fields_and_a_signup_link(client):
    page = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="en").text

    assert '<label for="id_login" class="form-label requiredField">Email' in page
    assert '<label for="id_password" class="form-label requiredField">Password' in page
    assert 'class="checkboxinput form-check-input" id="id_remember"' in page
    assert f'<a href="{reverse("account_signup")}">sign up</a>' in page
    assert 'name="csrfmiddlewaretoken"' in page


def test_a_refused_signup_marks_the_fields_with_their_messages(
    client, django_capture_on_commit_callbacks
):
    response = sign_up(client, django_capture_on_commit_callbacks, email="not-an-email")

    assert 'class="textinput form-control is-invalid"' in response.text
    assert 'aria-invalid="true"' in response.text
    assert "Enter a valid email address." in response.text
    # The role's radio buttons keep the answer given, under their legend.
    assert re.search(r"<legend[^>]*>I am joining as", response.text)
    assert re.search(r'<input type="radio"[^>]*value="creator"[^>]*checked', response.text)


@pytest.mark.parametrize("users", [1, 30])
def test_the_login_and_signup_pages_read_the_social_providers_once(
    client, django_assert_num_queries, users
):
    UserFactory.create_batch(users)

    # the social login providers offered, then kept until staff change one
    with django_assert_num_queries(1):
        assert client.get(reverse("account_login")).status_code == 200
    with django_assert_num_queries(0):
        assert client.get(reverse("account_signup")).status_code == 200
    with django_assert_num_queries(0):
        assert client.get(reverse("account_login")).status_code == 200


def test_the_cached_signup_fields_keep_each_links_role_and_language(client):
    business = client.get(reverse("account_signup") + "?role=business").text
    plain = client.get(reverse("account_signup")).text
    indonesian = client.get(reverse("account_signup"), HTTP_ACCEPT_LANGUAGE="id").text

    assert re.search(r'<input[^>]*value="business"[^>]*checked', business)
    assert not re.search(r"<input[^>]*checked", plain)
    assert "I am joining as" in plain
    assert "I am joining as" not in indonesian


def test_a_refused_login_after_a_cached_form_shows_its_message(client):
    client.get(reverse("account_login"))
    UserFactory(email="budi@example.com")

    response = log_in(client, "budi@example.com", "not-the-password")

    assert "are not correct" in response.text
    assert 'value="budi@example.com"' in response.text


@pytest.fixture
def project_hashers(settings):
    """The hashers production uses (tests hash with MD5 for speed)."""
    import portal.settings

    settings.PASSWORD_HASHERS = portal.settings.PASSWORD_HASHERS


def test_new_passwords_are_hashed_with_argon2(project_hashers):
    user = UserFactory()

    assert user.password.startswith("argon2$argon2id$")


def test_an_older_pbkdf2_password_logs_in_and_is_rehashed_with_argon2(client, project_hashers):
    user = UserFactory()
    user.password = make_password(DEFAULT_PASSWORD, hasher="pbkdf2_sha256")
    user.save()

    response = log_in(client, user.email, DEFAULT_PASSWORD)

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$")
    assert user.check_password(DEFAULT_PASSWORD)
