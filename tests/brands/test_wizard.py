"""The five-step campaign wizard: validation per step, a draft kept on the
server, going back, and the query count of every step."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from brands.models import Business, Campaign
from tests.brands.factories import (
    BusinessMembershipFactory,
    CampaignFactory,
    LanguageFactory,
    NicheFactory,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def step_url(campaign, step):
    return reverse("brands:campaign_step", args=[campaign.pk, step])


@pytest.fixture
def member(client):
    membership = BusinessMembershipFactory(business__name="Keripik Sri")
    client.force_login(membership.user)
    return membership


@pytest.fixture
def draft(member):
    return Campaign.objects.create(business=member.business, created_by=member.user)


def future(days):
    return (timezone.localdate() + timedelta(days=days)).isoformat()


VALID_STEPS = {
    1: {"goal": "sales", "product_name": "Keripik tempe", "product_description": "Crispy."},
    2: {
        "budget": "1000000",
        "fee_per_creator": "250000",
        "starts_on": future(3),
        "ends_on": future(30),
    },
    3: {"regions": ["jatim", "jakarta"], "audience_min": "1000", "audience_max": "50000"},
    4: {
        "brief_show": "Taste the chips on camera.",
        "brief_dos": "Show the pack.",
        "brief_donts": "No other brands.",
        "deliverables": "One 30-second video.",
        "sample_links": "https://example.com/a\n\nhttps://example.com/b",
    },
}


def test_starting_a_campaign_creates_a_draft_and_opens_step_one(client, member):
    response = client.post(reverse("brands:campaigns", args=[member.business.pk]))

    campaign = Campaign.objects.get(business=member.business)
    assert campaign.status == Campaign.Status.DRAFT
    assert campaign.created_by == member.user
    assert response.url == step_url(campaign, 1)


def test_it_walks_all_four_steps_and_saves_each_on_the_server(client, draft):
    niche, language = NicheFactory(name="Food"), LanguageFactory(name="Bahasa Indonesia")
    data = {**VALID_STEPS}
    data[3] = {**data[3], "niches": [niche.pk], "languages": [language.pk]}

    for step in range(1, 5):
        response = client.post(step_url(draft, step), data[step])
        assert response.status_code == 302, response.context["form"].errors
        assert response.url == step_url(draft, step + 1)
        draft.refresh_from_db()
        assert draft.completed_step == step

    assert draft.goal == "sales"
    assert draft.budget == Decimal("1000000.00")
    assert draft.regions == ["jatim", "jakarta"]
    assert list(draft.niches.all()) == [niche]
    assert list(draft.languages.all()) == [language]
    assert draft.sample_links == "https://example.com/a\nhttps://example.com/b"


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({}, "goal", "Choose what you want the campaign to achieve."),
        ({"goal": "sales"}, "product_name", "Name the product or service to promote."),
        ({"goal": "free money", "product_name": "x"}, "goal", "Select a valid choice."),
    ],
)
def test_step_one_rejects_missing_goal_or_product(client, draft, data, field, message):
    response = client.post(step_url(draft, 1), data)

    assert response.status_code == 200
    assert message in response.context["form"].errors[field][0]
    draft.refresh_from_db()
    assert (draft.completed_step, draft.goal) == (0, "")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"budget": ""}, "budget", "This field is required."),
        ({"fee_per_creator": "10000"}, "fee_per_creator", "The smallest amount is Rp 50,000."),
        ({"fee_per_creator": "2000000"}, "fee_per_creator", "cannot be more than the whole"),
        ({"budget": "abc"}, "budget", "Enter a number."),
        ({"budget": "100000.555"}, "budget", "no more than 2 decimal places"),
        ({"starts_on": future(-1)}, "starts_on", "The campaign cannot start in the past."),
        ({"ends_on": future(1)}, "ends_on", "The end date must be on or after the start date."),
    ],
)
def test_step_two_rejects_bad_budgets_and_dates(client, draft, changes, field, message):
    draft.completed_step = 1
    draft.save()

    response = client.post(step_url(draft, 2), {**VALID_STEPS[2], **changes})

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    draft.refresh_from_db()
    assert (draft.completed_step, draft.budget) == (1, None)


def test_step_two_says_how_many_creators_the_budget_buys(client, draft):
    draft.completed_step = 2
    draft.budget, draft.fee_per_creator = Decimal("1000000"), Decimal("300000")
    draft.save()

    response = client.get(step_url(draft, 2))

    assert "This budget pays 3 creators at this fee." in response.text


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"regions": []}, "regions", "Choose at least one region."),
        ({"regions": ["atlantis"]}, "regions", "Select a valid choice."),
        ({"audience_max": "10"}, "audience_max", "must be at least the smallest one"),
        ({"audience_min": "-5"}, "audience_min", "greater than or equal to 0"),
    ],
)
def test_step_three_rejects_bad_audiences(client, draft, changes, field, message):
    draft.completed_step = 2
    draft.save()

    response = client.post(step_url(draft, 3), {**VALID_STEPS[3], **changes})

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    draft.refresh_from_db()
    assert (draft.completed_step, draft.regions) == (2, [])


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"brief_show": ""}, "brief_show", "Tell creators what the video should show."),
        ({"deliverables": ""}, "deliverables", "Say what each creator should deliver."),
        ({"sample_links": "not a link"}, "sample_links", "“not a link” is not a web address."),
        ({"sample_links": "javascript:alert(1)"}, "sample_links", "is not a web address"),
        (
            {"sample_links": "\n".join(f"https://example.com/{n}" for n in range(6))},
            "sample_links",
            "Give at most five sample links.",
        ),
    ],
)
def test_step_four_rejects_an_incomplete_brief(client, draft, changes, field, message):
    draft.completed_step = 3
    draft.save()

    response = client.post(step_url(draft, 4), {**VALID_STEPS[4], **changes})

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    draft.refresh_from_db()
    assert (draft.completed_step, draft.brief_show) == (3, "")


def test_a_draft_resumes_on_another_device_where_it_was_left(client, member, draft):
    client.post(step_url(draft, 1), VALID_STEPS[1])
    client.post(step_url(draft, 2), VALID_STEPS[2])

    client.logout()
    client.force_login(member.user)  # a new session, as on another device
    detail = client.get(reverse("brands:campaign_detail", args=[draft.pk]))
    step_two = client.get(step_url(draft, 2))

    assert step_url(draft, 3) in detail.text
    assert step_two.context["form"]["budget"].value() == Decimal("1000000.00")


def test_a_teammate_can_continue_the_draft(client, member, draft):
    client.post(step_url(draft, 1), VALID_STEPS[1])
    teammate = BusinessMembershipFactory(business=member.business, role="member").user

    client.force_login(teammate)
    response = client.post(step_url(draft, 2), VALID_STEPS[2])

    assert response.url == step_url(draft, 3)


def test_going_back_a_step_keeps_the_later_steps(client, draft):
    for step in range(1, 5):
        client.post(step_url(draft, step), VALID_STEPS[step])

    back = client.get(step_url(draft, 1))
    client.post(step_url(draft, 1), {**VALID_STEPS[1], "product_name": "Keripik pedas"})

    assert back.context["form"]["product_name"].value() == "Keripik tempe"
    draft.refresh_from_db()
    assert draft.product_name == "Keripik pedas"
    assert draft.completed_step == 4
    assert draft.budget == Decimal("1000000.00")
    assert draft.brief_show == "Taste the chips on camera."
    assert draft.regions == ["jatim", "jakarta"]


def test_it_does_not_skip_ahead_of_the_first_unfinished_step(client, draft):
    client.post(step_url(draft, 1), VALID_STEPS[1])

    response = client.get(step_url(draft, 4))

    assert response.url == step_url(draft, 2)


def test_unknown_steps_send_back_to_the_next_step(client, draft):
    assert client.get(step_url(draft, 9)).url == step_url(draft, 1)


def test_a_launched_campaign_is_not_edited_in_the_wizard(client, member):
    campaign = CampaignFactory(business=member.business, status=Campaign.Status.LIVE)

    response = client.post(step_url(campaign, 1), VALID_STEPS[1])

    assert response.url == reverse("brands:campaign_detail", args=[campaign.pk])
    campaign.refresh_from_db()
    assert campaign.product_name == "Keripik Tempe Ibu Sri"


def test_another_business_gets_404_for_the_wizard(client, draft):
    client.force_login(BusinessMembershipFactory().user)

    assert client.get(step_url(draft, 1)).status_code == 404
    assert client.post(step_url(draft, 1), VALID_STEPS[1]).status_code == 404
    draft.refresh_from_db()
    assert draft.goal == ""


def test_the_wizard_sends_anonymous_users_to_log_in(client, draft):
    client.logout()
    url = step_url(draft, 1)

    assert client.get(url).url == f"{reverse('account_login')}?next={url}"


def test_the_wizard_rejects_other_methods(client, draft):
    assert client.put(step_url(draft, 1)).status_code == 405


def test_the_wizard_turns_creators_away(client, draft):
    client.force_login(UserFactory(role="creator"))

    assert client.get(step_url(draft, 1)).status_code == 302


# Queries for one wizard step. GET: session, user, campaign (joined with the
# business and filtered by membership). POST adds the save in a transaction
# (savepoint, update, release). Django validates each check constraint that
# covers the step's fields with one query (step 2: three, inside savepoints).
# Step 3 also loads the languages and niches offered and chosen, and saves
# the many-to-many fields.
STEP_QUERIES = {
    1: {"GET": 3, "POST": 6},
    2: {"GET": 3, "POST": 15},
    3: {"GET": 7, "POST": 13},
    4: {"GET": 3, "POST": 6},
    5: {"GET": 6, "POST": 0},
}


@pytest.mark.parametrize("step", [1, 2, 3, 4])
def test_each_step_runs_a_fixed_number_of_queries(client, member, django_assert_num_queries, step):
    NicheFactory.create_batch(3)
    LanguageFactory.create_batch(3)
    campaign = CampaignFactory(business=member.business, completed_step=step - 1)

    with django_assert_num_queries(STEP_QUERIES[step]["GET"]):
        client.get(step_url(campaign, step))
    with django_assert_num_queries(STEP_QUERIES[step]["POST"]):
        response = client.post(step_url(campaign, step), VALID_STEPS[step])
    assert response.status_code == 302
    NicheFactory.create_batch(10)
    LanguageFactory.create_batch(10)
    with django_assert_num_queries(STEP_QUERIES[step]["GET"]):
        client.get(step_url(campaign, step))


def test_the_review_step_runs_a_fixed_number_of_queries(client, member, django_assert_num_queries):
    campaign = CampaignFactory(business=member.business)

    with django_assert_num_queries(STEP_QUERIES[5]["GET"]):
        client.get(step_url(campaign, 5))
    campaign.niches.set(NicheFactory.create_batch(5))
    with django_assert_num_queries(STEP_QUERIES[5]["GET"]):
        client.get(step_url(campaign, 5))


@pytest.mark.parametrize(("verified", "tells_of_welcome_credit"), [(False, True), (True, False)])
def test_the_review_step_writes_a_shortfall_as_money_and_mentions_credit_to_come(
    client, member, settings, verified, tells_of_welcome_credit
):
    settings.BUSINESS_WELCOME_CREDIT = "4500000.00"
    if verified:
        Business.objects.filter(pk=member.business.pk).update(verified_at=timezone.now())
    campaign = CampaignFactory(business=member.business, budget=Decimal("3000000.00"))

    page = client.get(step_url(campaign, 5)).content.decode()

    assert "The budget is Rp 3,000,000 but you have Rp 0 available." in page
    welcome = "welcome credit of Rp 4,500,000 arrives once our team verifies your business"
    assert (welcome in page) is tells_of_welcome_credit
