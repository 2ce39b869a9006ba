"""The "Email notifications" page: every person chooses which categories of
optional emails they get; the ones that cannot be turned off are shown as
always on."""

import pytest
from django.urls import reverse

from core.email_kinds import optional_categories
from core.email_preferences import turned_off_categories
from core.models import EmailOptOut
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
URL = reverse("email_notifications")
ALL = [category.key for category in optional_categories()]


def test_it_sends_anonymous_visitors_to_log_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_it_is_in_the_account_menu(client):
    client.force_login(UserFactory())

    response = client.get(reverse("privacy"))

    assert f'href="{URL}"' in response.content.decode()


def test_everything_is_on_for_a_new_account(client):
    client.force_login(UserFactory())

    response = client.get(URL)

    html = response.content.decode()
    assert response.status_code == 200
    for category in optional_categories():
        assert f'name="{category.key}" id="id_{category.key}"' in html
        assert str(category.label) in html
    assert html.count(" checked>") == len(ALL)
    assert "Emails that are always sent" in html
    assert "Your payout method was changed" in html
    assert html.count("checked disabled") >= 4


def test_it_saves_the_unchecked_categories_as_turned_off(client):
    user = UserFactory()
    client.force_login(user)
    wanted = {key: "on" for key in ALL if key not in {"campaigns", "new_episodes"}}

    response = client.post(URL, wanted, follow=True)

    assert response.redirect_chain == [(URL, 302)]
    assert "Your email choices are saved." in response.content.decode()
    assert turned_off_categories(user) == {"campaigns", "new_episodes"}
    assert 'name="campaigns" id="id_campaigns" aria-describedby="id_campaigns-help">' in (
        response.content.decode()
    )


def test_checking_a_category_again_turns_it_back_on(client):
    user = UserFactory()
    client.force_login(user)
    client.post(URL, {})

    client.post(URL, {key: "on" for key in ALL})

    assert turned_off_categories(user) == set()


def test_an_email_that_cannot_be_turned_off_stays_on_whatever_is_posted(client):
    user = UserFactory()
    client.force_login(user)

    client.post(URL, {"account": "", "staff": ""})

    assert turned_off_categories(user) == set(ALL)
    assert not EmailOptOut.objects.filter(category__in=["account", "staff"]).exists()


def test_it_changes_only_the_choices_of_who_is_logged_in(client):
    user, other = UserFactory(), UserFactory()
    client.force_login(user)

    client.post(URL, {})

    assert turned_off_categories(other) == set()


def test_it_refuses_a_post_without_the_csrf_token():
    from django.test import Client

    user = UserFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)

    response = client.post(URL, {})

    assert response.status_code == 403
    assert turned_off_categories(user) == set()


def test_it_rejects_other_methods(client):
    client.force_login(UserFactory())

    assert client.put(URL).status_code == 405


@pytest.mark.parametrize("turned_off", [[], ALL])
def test_the_page_takes_the_same_queries_however_many_categories_are_off(
    client, django_assert_num_queries, turned_off
):
    user = UserFactory()
    EmailOptOut.objects.bulk_create([EmailOptOut(user=user, category=key) for key in turned_off])
    client.force_login(user)

    # The session, the user, their choices.
    with django_assert_num_queries(3):
        response = client.get(URL)

    assert response.status_code == 200


@pytest.mark.parametrize("language", ["id", "en"])
def test_it_renders_in_each_language(language):
    from django.test import Client

    client = Client(headers={"Accept-Language": language})
    client.force_login(UserFactory(language=language))

    response = client.get(URL)

    assert response.status_code == 200
    assert f'<html lang="{language}">' in response.content.decode()


def test_it_fits_a_phone(client):
    client.force_login(UserFactory())

    html = client.get(URL).content.decode()

    assert 'name="viewport" content="width=device-width, initial-scale=1"' in html
    assert 'class="col-lg-8"' in html


def test_the_privacy_export_lists_the_categories_turned_off(client):
    user = UserFactory()
    client.force_login(user)
    client.post(URL, {key: "on" for key in ALL if key != "earnings"})

    data = client.get(reverse("privacy_export")).json()

    assert [row["category"] for row in data["account"]["emails_turned_off"]] == ["earnings"]


def test_staff_see_in_the_admin_which_emails_a_person_turned_off(client, settings):
    from tests.factories import StaffFactory

    settings.STAFF_REQUIRE_MFA = False
    user = UserFactory()
    EmailOptOut.objects.create(user=user, category="campaigns")
    client.force_login(StaffFactory())

    response = client.get(reverse("admin:portal_user_change", args=[user.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Brand invitations and campaigns" in html
    assert 'name="email_opt_outs-0-category"' not in html
