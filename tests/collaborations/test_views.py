from decimal import Decimal

import pytest
from django.urls import reverse

from collaborations.models import Collaboration, Message, Rating, Side
from tests.brands.factories import BusinessMembershipFactory
from tests.collaborations.factories import CollaborationFactory, live_campaign
from tests.creators.factories import CreatorProfileFactory
from tests.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db
Status = Collaboration.Status


def login(client, user):
    assert client.login(email=user.email, password=DEFAULT_PASSWORD)
    return client


# --- Invite ---------------------------------------------------------------------


def test_the_invite_form_is_prefilled_with_the_campaigns_fee(client):
    campaign = live_campaign(fee_per_creator="275000")
    creator = CreatorProfileFactory()
    login(client, campaign.member)

    response = client.get(reverse("collaborations:invite", args=[campaign.pk, creator.pk]))

    assert response.status_code == 200
    assert response.context["form"]["fee"].value() == Decimal("275000")
    assert 'for="id_fee"' in response.text and 'for="id_message"' in response.text


def test_inviting_creates_the_collaboration_and_opens_it(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    campaign = live_campaign()
    creator = CreatorProfileFactory()
    login(client, campaign.member)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("collaborations:invite", args=[campaign.pk, creator.pk]),
            {"fee": "200000", "message": "Coba keripik kami!"},
        )

    collaboration = Collaboration.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("collaborations:detail", args=[collaboration.pk])
    assert (collaboration.status, collaboration.fee) == (Status.INVITED, Decimal("200000"))
    assert mailoutbox[-1].to == [creator.user.email]


def test_inviting_a_creator_closed_to_offers_shows_why(client):
    campaign = live_campaign()
    creator = CreatorProfileFactory(contact_preference="none", display_name="Budi")
    login(client, campaign.member)

    response = client.post(
        reverse("collaborations:invite", args=[campaign.pk, creator.pk]), {"fee": "1000"}
    )

    assert response.status_code == 200
    assert "Budi is not open to brand offers." in response.text
    assert not Collaboration.objects.exists()


def test_inviting_twice_leads_to_the_existing_collaboration(client):
    collaboration = CollaborationFactory()
    login(client, collaboration.campaign.member)

    response = client.get(
        reverse("collaborations:invite", args=[collaboration.campaign_id, collaboration.creator_id])
    )

    assert response.url == reverse("collaborations:detail", args=[collaboration.pk])


def test_another_business_cannot_invite_to_the_campaign(client):
    campaign = live_campaign()
    login(client, BusinessMembershipFactory().user)

    url = reverse("collaborations:invite", args=[campaign.pk, CreatorProfileFactory().pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"fee": "1000"}).status_code == 404
    assert not Collaboration.objects.exists()


def test_a_campaign_that_is_not_live_has_no_invite_page(client):
    campaign = live_campaign()
    campaign.status = "paused"
    campaign.save()
    login(client, campaign.member)

    url = reverse("collaborations:invite", args=[campaign.pk, CreatorProfileFactory().pk])
    assert client.get(url).status_code == 404


# --- Who sees what ----------------------------------------------------------------


def _collaboration_urls(collaboration):
    pk = collaboration.pk
    return [
        ("get", reverse("collaborations:detail", args=[pk])),
        ("post", reverse("collaborations:message", args=[pk])),
        ("post", reverse("collaborations:rate", args=[pk])),
        *[
            ("post", reverse("collaborations:action", args=[pk, action]))
            for action in [
                "accept",
                "decline",
                "withdraw",
                "submit",
                "revision",
                "approve",
                "cancel",
            ]
        ],
        ("get", reverse("collaborations:action", args=[pk, "decline"])),
        ("get", reverse("collaborations:action", args=[pk, "approve"])),
        ("get", reverse("collaborations:campaign", args=[collaboration.campaign_id])),
    ]


@pytest.mark.parametrize("outsider", ["other_creator", "other_business"])
def test_a_collaboration_is_a_404_for_anyone_but_its_two_sides(client, outsider):
    collaboration = CollaborationFactory(status=Status.INVITED)
    user = (
        CreatorProfileFactory().user
        if outsider == "other_creator"
        else BusinessMembershipFactory().user
    )
    login(client, user)

    for method, url in _collaboration_urls(collaboration):
        response = getattr(client, method)(url, {"body": "hi", "stars": "5"})
        # A creator on the business-only list page is sent to their dashboard instead.
        assert response.status_code in (404, 302), url
        if response.status_code == 302:
            assert response.url == reverse("dashboard"), url
    collaboration.refresh_from_db()
    assert collaboration.status == Status.INVITED
    assert not Message.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(client):
    collaboration = CollaborationFactory()

    response = client.get(reverse("collaborations:detail", args=[collaboration.pk]))

    assert response.status_code == 302
    assert reverse("account_login") in response.url


# --- The collaboration page ---------------------------------------------------------


def test_the_creator_sees_the_brief_and_their_actions(client):
    collaboration = CollaborationFactory(status=Status.INVITED)
    login(client, collaboration.creator.user)

    response = client.get(reverse("collaborations:detail", args=[collaboration.pk]))

    assert response.status_code == 200
    assert response.context["actions"] == ["accept", "decline"]
    assert "Open the pack and taste the chips on camera." in response.text
    assert "Accept for Rp 250,000" in response.text


def test_the_business_sees_its_actions_on_submitted_content(client):
    collaboration = CollaborationFactory(status=Status.SUBMITTED)
    login(client, collaboration.campaign.member)

    response = client.get(reverse("collaborations:detail", args=[collaboration.pk]))

    assert response.context["actions"] == ["revision", "approve"]
    assert collaboration.content_url in response.text


def test_declining_asks_for_confirmation_first(client):
    collaboration = CollaborationFactory(status=Status.INVITED)
    login(client, collaboration.creator.user)
    url = reverse("collaborations:action", args=[collaboration.pk, "decline"])

    response = client.get(url)

    assert response.status_code == 200
    assert "Yes, decline" in response.text
    collaboration.refresh_from_db()
    assert collaboration.status == Status.INVITED

    client.post(url)
    collaboration.refresh_from_db()
    assert collaboration.status == Status.DECLINED


def test_accept_is_not_a_get(client):
    collaboration = CollaborationFactory(status=Status.INVITED)
    login(client, collaboration.creator.user)

    response = client.get(reverse("collaborations:action", args=[collaboration.pk, "accept"]))

    assert response.status_code == 405
    collaboration.refresh_from_db()
    assert collaboration.status == Status.INVITED


def test_a_move_the_side_may_not_make_shows_a_message_and_changes_nothing(client):
    collaboration = CollaborationFactory(status=Status.INVITED)
    login(client, collaboration.campaign.member)

    response = client.post(
        reverse("collaborations:action", args=[collaboration.pk, "accept"]), follow=True
    )

    assert "You cannot move a collaboration that is invited to accepted." in response.text
    collaboration.refresh_from_db()
    assert collaboration.status == Status.INVITED


def test_submitting_without_a_video_shows_the_form_error(client):
    collaboration = CollaborationFactory(status=Status.DRAFT_APPROVED)
    login(client, collaboration.creator.user)

    response = client.post(
        reverse("collaborations:post_video", args=[collaboration.pk]), {"link": ""}
    )

    assert response.status_code == 400
    assert "Pick the posted video from your list, or paste its link." in response.text
    collaboration.refresh_from_db()
    assert collaboration.status == Status.DRAFT_APPROVED


# --- Thread and ratings -------------------------------------------------------------


def test_both_sides_write_in_the_thread_and_markup_is_shown_as_text(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    collaboration = CollaborationFactory(status=Status.ACCEPTED)
    url = reverse("collaborations:message", args=[collaboration.pk])

    login(client, collaboration.creator.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"body": "<b>Halo</b> kapan deadline?"})
    assert mailoutbox[-1].to == [collaboration.campaign.member.email]
    assert "<b>Halo</b> kapan deadline?" in mailoutbox[-1].body

    login(client, collaboration.campaign.member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"body": "Akhir bulan."})
    assert mailoutbox[-1].to == [collaboration.creator.user.email]

    response = client.get(reverse("collaborations:detail", args=[collaboration.pk]))
    assert "&lt;b&gt;Halo&lt;/b&gt;" in response.text
    assert "<b>Halo</b>" not in response.text
    assert list(collaboration.messages.values_list("side", flat=True)) == [
        Side.CREATOR,
        Side.BUSINESS,
    ]


def test_an_empty_message_is_refused(client):
    collaboration = CollaborationFactory()
    login(client, collaboration.creator.user)

    response = client.post(reverse("collaborations:message", args=[collaboration.pk]), {"body": ""})

    assert response.status_code == 400
    assert not Message.objects.exists()


def test_each_side_rates_once_after_completion(client):
    collaboration = CollaborationFactory(status=Status.COMPLETED)
    url = reverse("collaborations:rate", args=[collaboration.pk])

    login(client, collaboration.campaign.member)
    assert client.get(reverse("collaborations:detail", args=[collaboration.pk])).context[
        "rating_form"
    ]
    client.post(url, {"stars": "4", "comment": "Tepat waktu."})
    response = client.post(url, {"stars": "1"}, follow=True)
    assert "Your side has already rated this collaboration." in response.text
    assert response.context["rating_form"] is None

    login(client, collaboration.creator.user)
    client.post(url, {"stars": "5"})

    assert dict(collaboration.ratings.values_list("by_side", "stars")) == {
        Side.BUSINESS: 4,
        Side.CREATOR: 5,
    }


def test_rating_before_completion_is_refused(client):
    collaboration = CollaborationFactory(status=Status.APPROVED)
    login(client, collaboration.campaign.member)

    response = client.post(
        reverse("collaborations:rate", args=[collaboration.pk]), {"stars": "5"}, follow=True
    )

    assert "You can rate once the collaboration is completed." in response.text
    assert not Rating.objects.exists()


def test_stars_outside_one_to_five_are_refused(client):
    collaboration = CollaborationFactory(status=Status.COMPLETED)
    login(client, collaboration.campaign.member)

    response = client.post(reverse("collaborations:rate", args=[collaboration.pk]), {"stars": "6"})

    assert response.status_code == 400
    assert not Rating.objects.exists()
