from decimal import Decimal

import pytest
from django.urls import reverse

from collaborations.models import Collaboration, Side
from core.models import User
from tests.brands.factories import NicheFactory
from tests.collaborations.factories import CollaborationFactory, live_campaign
from tests.creators.factories import CreatorProfileFactory
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
Status = Collaboration.Status


def login(client, user):
    assert client.login(email=user.email, password=DEFAULT_PASSWORD)


def test_my_collaborations_list_invitations_first_then_active_then_closed(client):
    creator = CreatorProfileFactory()
    closed = CollaborationFactory(creator=creator, status=Status.COMPLETED)
    active = CollaborationFactory(creator=creator, status=Status.SUBMITTED)
    invited = CollaborationFactory(creator=creator, status=Status.INVITED)
    CollaborationFactory(status=Status.INVITED)  # someone else's
    login(client, creator.user)

    response = client.get(reverse("collaborations:mine"))

    assert list(response.context["page"]) == [invited, active, closed]
    assert "Invitations waiting for your answer" in response.text


def test_my_collaborations_says_what_to_do_when_there_are_none(client):
    login(client, CreatorProfileFactory().user)

    response = client.get(reverse("collaborations:mine"))

    assert "No collaborations yet." in response.text


def test_my_collaborations_is_not_found_for_a_creator_without_a_profile(client):
    user = UserFactory(role=User.Role.CREATOR)
    login(client, user)

    assert client.get(reverse("collaborations:mine")).status_code == 404


@pytest.mark.parametrize("name", ["open_campaigns", "open_campaigns_all"])
def test_open_campaigns_are_not_found_for_a_creator_without_a_profile(client, name):
    login(client, UserFactory(role=User.Role.CREATOR))

    assert client.get(reverse(f"collaborations:{name}")).status_code == 404


def test_a_creator_without_niches_sees_the_campaigns_wanting_any(client):
    creator = CreatorProfileFactory()
    live_campaign(product_name="Sambal Bu Rudy").niches.add(NicheFactory())
    for_anyone = live_campaign(product_name="Kopi Kenangan")
    login(client, creator.user)

    response = client.get(reverse("collaborations:open_campaigns"))

    assert list(response.context["page"]) == [for_anyone]


def test_my_collaborations_are_paged_and_counted(client):
    creator = CreatorProfileFactory()
    _fill_creator(creator, 23)
    CollaborationFactory(status=Status.INVITED)  # someone else's
    login(client, creator.user)

    first = client.get(reverse("collaborations:mine")).context["page"]
    second = client.get(reverse("collaborations:mine"), {"page": "2"}).context["page"]

    assert (len(first), len(second), first.paginator.count) == (20, 3, 23)
    assert not set(first) & set(second)


def test_open_campaigns_show_the_creators_niches_unless_asked_for_all(client):
    food, beauty = NicheFactory(), NicheFactory()
    creator = CreatorProfileFactory()
    creator.niches.add(food)
    for_food = live_campaign(product_name="Sambal Bu Rudy")
    for_food.niches.add(food)
    for_beauty = live_campaign(product_name="Lipstik Lokal")
    for_beauty.niches.add(beauty)
    for_anyone = live_campaign(product_name="Kopi Kenangan")
    draft = live_campaign(product_name="Draft Thing")
    draft.status = "draft"
    draft.save()
    login(client, creator.user)

    mine = client.get(reverse("collaborations:open_campaigns"))
    everything = client.get(reverse("collaborations:open_campaigns_all"))

    assert set(mine.context["page"]) == {for_food, for_anyone}
    assert set(everything.context["page"]) == {for_food, for_beauty, for_anyone}


def test_open_campaigns_offer_no_apply_button_where_the_creator_already_collaborates(client):
    creator = CreatorProfileFactory()
    taken = live_campaign(product_name="Sudah")
    CollaborationFactory(campaign=taken, creator=creator)
    live_campaign(product_name="Belum")
    login(client, creator.user)

    response = client.get(reverse("collaborations:open_campaigns_all"))

    assert 'aria-label="Apply to Belum"' in response.text
    assert 'aria-label="Apply to Sudah"' not in response.text


def test_a_creator_applies_with_a_fee_and_message(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    campaign = live_campaign()
    creator = CreatorProfileFactory()
    login(client, creator.user)
    url = reverse("collaborations:apply", args=[campaign.pk])

    assert client.get(url).context["form"]["fee"].value() == Decimal("250000")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"fee": "180000", "message": "Saya suka sambal."})

    collaboration = Collaboration.objects.get()
    assert response.url == reverse("collaborations:detail", args=[collaboration.pk])
    assert (collaboration.status, collaboration.started_by) == (Status.APPLIED, Side.CREATOR)
    assert mailoutbox[-1].to == [campaign.member.email]


def test_applying_for_more_than_the_campaign_can_pay_shows_why(client):
    campaign = live_campaign(budget="300000", fee_per_creator="300000")
    login(client, CreatorProfileFactory().user)

    response = client.post(reverse("collaborations:apply", args=[campaign.pk]), {"fee": "300001"})

    assert response.status_code == 200
    assert "more than this campaign can still pay" in response.text
    assert not Collaboration.objects.exists()


def test_the_campaign_list_without_collaborations_still_names_the_campaign(client):
    campaign = live_campaign(product_name="Sambal Bu Rudy")
    login(client, campaign.member)

    response = client.get(reverse("collaborations:campaign", args=[campaign.pk]))

    assert "Collaborations: Sambal Bu Rudy" in response.text
    assert "No collaborations yet." in response.text


def test_another_business_gets_404_for_the_campaign_list(client):
    campaign = live_campaign()
    CollaborationFactory(campaign=campaign, status=Status.ACCEPTED)
    login(client, live_campaign().member)

    response = client.get(reverse("collaborations:campaign", args=[campaign.pk]))

    assert response.status_code == 404


def test_the_campaign_list_shows_its_collaborations_and_the_money_left(client):
    campaign = live_campaign(budget="1000000")
    CollaborationFactory(campaign=campaign, status=Status.ACCEPTED, fee=Decimal("400000"))
    CollaborationFactory(status=Status.ACCEPTED)  # another campaign
    login(client, campaign.member)

    response = client.get(reverse("collaborations:campaign", args=[campaign.pk]))

    assert len(response.context["page"]) == 1
    assert "Fees held for creators until their content is approved: Rp 400,000." in response.text
    assert "Still free to promise: Rp 600,000." in response.text


def test_the_creator_dashboard_counts_collaborations(client):
    creator = CreatorProfileFactory()
    CollaborationFactory(creator=creator, status=Status.INVITED)
    CollaborationFactory(creator=creator, status=Status.ACCEPTED)
    login(client, creator.user)

    response = client.get(reverse("creators:dashboard"))

    assert "Brand collaborations" in response.text
    assert reverse("collaborations:mine") in response.text


# --- Query counts at two sizes ---------------------------------------------------------


def _fill_creator(creator, count):
    for index in range(count):
        status = [Status.INVITED, Status.ACCEPTED, Status.COMPLETED][index % 3]
        CollaborationFactory(creator=creator, status=status)


@pytest.mark.parametrize("size", [2, 12])
def test_my_collaborations_query_count_does_not_grow(client, django_assert_num_queries, size):
    creator = CreatorProfileFactory()
    _fill_creator(creator, size)
    login(client, creator.user)

    # session, user, the page with the count of the list
    with django_assert_num_queries(3):
        response = client.get(reverse("collaborations:mine"))
    assert len(response.context["page"]) == size


@pytest.mark.parametrize("size", [2, 25])
def test_open_campaigns_query_count_does_not_grow(client, django_assert_num_queries, size):
    niche = NicheFactory()
    creator = CreatorProfileFactory()
    creator.niches.add(niche)
    for _ in range(size):
        live_campaign().niches.add(niche)
    login(client, creator.user)

    # session, user, the page with the count of the list and its niches
    with django_assert_num_queries(3):
        response = client.get(reverse("collaborations:open_campaigns"))
    assert len(response.context["page"]) == min(size, 20)
    assert response.context["page"].paginator.count == size


@pytest.mark.parametrize(
    ("asked", "shown", "rows"),
    [("2", 2, 5), ("", 1, 20), ("nonsense", 1, 20), ("0", 2, 5), ("99", 2, 5)],
)
def test_open_campaigns_answer_any_page_number_with_a_page(client, asked, shown, rows):
    creator = CreatorProfileFactory()
    for _ in range(25):
        live_campaign()
    login(client, creator.user)

    response = client.get(reverse("collaborations:open_campaigns_all"), {"page": asked})

    page = response.context["page"]
    assert (page.number, len(page), page.paginator.count) == (shown, rows, 25)
    assert page.has_next() == (shown == 1)  # as Django's get_page: 0 and past the end are the last


@pytest.mark.parametrize("size", [2, 12])
def test_the_campaign_list_query_count_does_not_grow(client, django_assert_num_queries, size):
    campaign = live_campaign(budget="100000000")
    for _ in range(size):
        CollaborationFactory(campaign=campaign, status=Status.ACCEPTED)
    login(client, campaign.member)

    # session, user, the page with the count of the list, the campaign's name
    # and its fees (held and the room) from the ledger
    with django_assert_num_queries(3):
        response = client.get(reverse("collaborations:campaign", args=[campaign.pk]))
    assert len(response.context["page"]) == size


@pytest.mark.parametrize("size", [2, 12])
def test_the_collaboration_page_query_count_does_not_grow(client, django_assert_num_queries, size):
    collaboration = CollaborationFactory(status=Status.COMPLETED)
    for index in range(size):
        collaboration.messages.create(
            author=collaboration.creator.user, side=Side.CREATOR, body=f"Pesan {index}"
        )
    collaboration.ratings.create(by_side=Side.CREATOR, stars=5)
    login(client, collaboration.campaign.member)

    # session, user, collaboration, ratings, where the fee is (the ledger), history, thread
    with django_assert_num_queries(7):
        response = client.get(reverse("collaborations:detail", args=[collaboration.pk]))
    assert f"Pesan {size - 1}" in response.text
