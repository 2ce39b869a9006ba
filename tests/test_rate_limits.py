"""Rate limits: invitations and messages per user (portal/ratelimit.py, counted in
the cache), and allauth's limits on signup and password reset (ACCOUNT_RATE_LIMITS).

A refused request answers 429 with a page saying why, and writes nothing. The
window's end is simulated by deleting the counter from the cache, which is what
its expiry in Redis does."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from brands.models import BusinessInvitation
from collaborations.models import Collaboration, Message
from core.models import User
from core.ratelimit import counter_key
from tests.brands.factories import BusinessMembershipFactory
from tests.collaborations.factories import CollaborationFactory, live_campaign
from tests.creators.factories import CreatorProfileFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
LIMIT = 2


@pytest.fixture(autouse=True)
def _small_limits(settings):
    settings.RATE_LIMITS = {
        "invite_creator": (LIMIT, 3600),
        "invite_teammate": (LIMIT, 3600),
        "message": (LIMIT, 600),
    }


def expire_window(user, action):
    cache.delete(counter_key(user.pk, action))


def assert_refused(response):
    assert response.status_code == 429
    assert "Too many requests" in response.text
    assert f"at most {LIMIT} times in" in response.text
    assert "Nothing was sent." in response.text


# --- Invitations to creators ------------------------------------------------------


def invite(client, campaign, creator):
    return client.post(
        reverse("collaborations:invite", args=[campaign.pk, creator.pk]),
        {"fee": "100000", "message": "Halo!"},
    )


def test_inviting_more_creators_than_the_limit_is_refused_and_writes_nothing(client):
    campaign = live_campaign(budget="5000000.00", fee_per_creator="100000.00")
    creators = CreatorProfileFactory.create_batch(LIMIT + 1)
    client.force_login(campaign.member)
    for creator in creators[:LIMIT]:
        assert invite(client, campaign, creator).status_code == 302

    response = invite(client, campaign, creators[-1])

    assert_refused(response)
    assert not Collaboration.objects.filter(creator=creators[-1]).exists()
    assert Collaboration.objects.count() == LIMIT


def test_another_business_user_can_still_invite(client):
    campaign = live_campaign(budget="5000000.00", fee_per_creator="100000.00")
    teammate = BusinessMembershipFactory(business=campaign.business).user
    creators = CreatorProfileFactory.create_batch(LIMIT + 1)
    client.force_login(campaign.member)
    for creator in creators[:LIMIT]:
        invite(client, campaign, creator)

    client.force_login(teammate)
    response = invite(client, campaign, creators[-1])

    assert response.status_code == 302
    assert Collaboration.objects.filter(creator=creators[-1]).exists()


def test_inviting_works_again_in_the_next_window(client):
    campaign = live_campaign(budget="5000000.00", fee_per_creator="100000.00")
    creators = CreatorProfileFactory.create_batch(LIMIT + 1)
    client.force_login(campaign.member)
    for creator in creators[:LIMIT]:
        invite(client, campaign, creator)
    assert invite(client, campaign, creators[-1]).status_code == 429

    expire_window(campaign.member, "invite_creator")
    response = invite(client, campaign, creators[-1])

    assert response.status_code == 302
    assert Collaboration.objects.filter(creator=creators[-1]).exists()


# --- Teammate invitations ----------------------------------------------------------


def invite_teammate(client, business, email):
    return client.post(
        reverse("brands:team", args=[business.pk]), {"email": email, "role": "member"}
    )


def test_inviting_more_teammates_than_the_limit_is_refused_and_writes_nothing(client):
    owner = BusinessMembershipFactory()
    client.force_login(owner.user)
    for number in range(LIMIT):
        assert invite_teammate(client, owner.business, f"t{number}@example.com").status_code == 302

    response = invite_teammate(client, owner.business, "late@example.com")

    assert_refused(response)
    assert not BusinessInvitation.objects.filter(email="late@example.com").exists()
    assert BusinessInvitation.objects.count() == LIMIT


def test_teammate_limits_are_per_user_and_reopen_after_the_window(client):
    owner = BusinessMembershipFactory()
    other_owner = BusinessMembershipFactory()
    client.force_login(owner.user)
    for number in range(LIMIT + 1):
        invite_teammate(client, owner.business, f"t{number}@example.com")

    client.force_login(other_owner.user)
    assert invite_teammate(client, other_owner.business, "x@example.com").status_code == 302

    client.force_login(owner.user)
    expire_window(owner.user, "invite_teammate")
    assert invite_teammate(client, owner.business, "late@example.com").status_code == 302
    assert BusinessInvitation.objects.filter(email="late@example.com").exists()


# --- Messages ------------------------------------------------------------------------


def post_message(client, collaboration, body):
    return client.post(reverse("collaborations:message", args=[collaboration.pk]), {"body": body})


def test_messages_over_the_limit_are_refused_and_not_posted(client):
    collaboration = CollaborationFactory()
    client.force_login(collaboration.campaign.member)
    for number in range(LIMIT):
        assert post_message(client, collaboration, f"Pesan {number}").status_code == 302

    response = post_message(client, collaboration, "One too many")

    assert_refused(response)
    assert collaboration.get_absolute_url() in response.text
    assert not Message.objects.filter(body="One too many").exists()
    assert Message.objects.count() == LIMIT


def test_the_other_side_can_still_reply_and_the_limit_reopens_after_the_window(client):
    collaboration = CollaborationFactory()
    business_user = collaboration.campaign.member
    client.force_login(business_user)
    for number in range(LIMIT + 1):
        post_message(client, collaboration, f"Pesan {number}")

    client.force_login(collaboration.creator.user)
    assert post_message(client, collaboration, "Balasan").status_code == 302

    client.force_login(business_user)
    expire_window(business_user, "message")
    assert post_message(client, collaboration, "Setelah jeda").status_code == 302
    assert Message.objects.filter(body="Setelah jeda").exists()


def test_an_invalid_message_does_not_use_up_the_limit(client):
    collaboration = CollaborationFactory()
    client.force_login(collaboration.campaign.member)
    for _ in range(LIMIT + 1):
        assert post_message(client, collaboration, "").status_code == 400

    assert post_message(client, collaboration, "Halo").status_code == 302


# --- Accounts (allauth's ACCOUNT_RATE_LIMITS) -----------------------------------------


def test_signup_is_limited_to_twenty_a_minute_from_one_address(client):
    def sign_up(number):
        return client.post(
            reverse("account_signup"),
            {
                "role": "creator",
                "name": f"Orang {number}",
                "email": f"orang{number}@example.com",
                "password1": "kopi-susu-gula-aren-42",
                "password2": "kopi-susu-gula-aren-42",
            },
        )

    for number in range(20):
        assert sign_up(number).status_code == 302
        client.logout()

    response = sign_up(20)

    assert response.status_code == 429
    assert "Too many requests" in response.text
    assert not User.objects.filter(email="orang20@example.com").exists()


def test_password_reset_is_limited_to_five_a_minute_for_one_email(client, mailoutbox):
    UserFactory(email="budi@example.com")
    for _ in range(5):
        response = client.post(reverse("account_reset_password"), {"email": "budi@example.com"})
        assert response.status_code == 302
    sent = len(mailoutbox)

    response = client.post(reverse("account_reset_password"), {"email": "budi@example.com"})

    assert response.status_code == 429
    assert "Too many requests" in response.text
    assert len(mailoutbox) == sent
