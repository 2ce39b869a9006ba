"""The staff's campaign list, kept under its version (core.admin_site.kept):
a warm list asks the database nothing, and every service changing what it
shows (a campaign's status, name or budget, a business's name or city, a new
or deleted campaign) shows at once."""

from decimal import Decimal

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from brands import services
from brands.models import Campaign
from tests.brands.factories import BusinessMembershipFactory, CampaignFactory, give_credit
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:brands_campaign_changelist")


@pytest.fixture
def staff(client, settings):
    settings.STAFF_REQUIRE_MFA = False
    user = StaffFactory()
    client.force_login(user)
    return user


def rows(response):
    return response.text.split("<tbody>")[1].split("</tbody>")[0]


def filters(response):
    html = response.text
    start = html.index('<nav id="changelist-filter"')
    return html[start : html.index("</nav>", start)]


def test_a_warm_list_reads_only_the_session_and_the_user(client, staff, django_assert_num_queries):
    CampaignFactory.create_batch(3, business__city="Malang")
    client.get(CHANGELIST)

    with django_assert_num_queries(2):
        response = client.get(CHANGELIST)

    assert response.text.count('class="action-select"') == 3
    assert "Malang" in filters(response)


def test_a_campaign_launched_by_its_business_shows_in_review_at_once(client, staff):
    membership = BusinessMembershipFactory()
    give_credit(membership.business, "2000000.00")
    campaign = CampaignFactory(business=membership.business, product_name="Sambal Bu Rudy")
    assert "Draft" in rows(client.get(CHANGELIST))

    services.launch_campaign(campaign=campaign, user=membership.user)

    shown = rows(client.get(CHANGELIST))
    assert "In review" in shown and "Draft" not in shown


def test_a_campaign_completed_from_the_list_shows_completed_at_once(client, staff):
    membership = BusinessMembershipFactory()
    give_credit(membership.business, "2000000.00")
    campaign = CampaignFactory(business=membership.business)
    services.launch_campaign(campaign=campaign, user=membership.user)
    services.approve_campaign(campaign=campaign, staff=staff)
    assert "Live" in rows(client.get(CHANGELIST))

    client.post(CHANGELIST, {"action": "complete", ACTION_CHECKBOX_NAME: [campaign.pk], "index": 0})

    shown = rows(client.get(CHANGELIST))
    assert "Completed" in shown and "Live" not in shown


def test_a_draft_renamed_and_rebudgeted_in_the_wizard_shows_at_once(client, staff):
    campaign = CampaignFactory(product_name="Kopi Tubruk", budget=Decimal("1000000.00"))
    assert "Kopi Tubruk" in rows(client.get(CHANGELIST))

    services.save_campaign_step(campaign=campaign, step=1, values={"product_name": "Teh Melati"})
    services.save_campaign_step(campaign=campaign, step=2, values={"budget": Decimal("2500000")})

    shown = rows(client.get(CHANGELIST))
    assert "Teh Melati" in shown and "Kopi Tubruk" not in shown
    assert "2500000" in shown.replace(",", "").replace(".", "")


def test_a_business_that_moves_city_shows_in_the_city_filter_at_once(client, staff):
    membership = BusinessMembershipFactory(business__city="Malang")
    CampaignFactory(business=membership.business)
    assert "Malang" in filters(client.get(CHANGELIST))
    client.force_login(membership.user)

    response = client.post(
        reverse("brands:profile", args=[membership.business.pk]),
        {
            "name": membership.business.name,
            "category": "food",
            "size": "micro",
            "city": "Surabaya",
            "province": "jatim",
            "contact_name": "Bu Sri",
        },
    )
    client.force_login(staff)

    assert response.status_code == 302
    shown = filters(client.get(CHANGELIST))
    assert "Surabaya" in shown and "Malang" not in shown
    assert len(rows(client.get(CHANGELIST, {"business__city": "Surabaya"}))) > 0


def test_a_new_campaign_and_a_deleted_one_are_counted_at_once(client, staff):
    first = CampaignFactory(product_name="Keripik Tempe")
    assert "1 campaign" in client.get(CHANGELIST).text

    membership = BusinessMembershipFactory()
    client.force_login(membership.user)
    client.post(reverse("brands:campaigns", args=[membership.business.pk]))
    client.force_login(staff)
    assert "2 campaigns" in client.get(CHANGELIST).text

    first.delete()
    response = client.get(CHANGELIST)
    assert "1 campaign" in response.text and "Keripik Tempe" not in rows(response)


def test_the_kept_list_is_read_again_when_its_version_moves(
    client, staff, django_assert_num_queries
):
    campaign = CampaignFactory(business__name="Toko Lama")
    client.get(CHANGELIST)

    campaign.business.name = "Toko Baru"
    campaign.business.save(update_fields=["name"])

    with django_assert_num_queries(5):  # session, user, the rows, the cities, the row loaded
        response = client.get(CHANGELIST)
    assert "Toko Baru" in rows(response)
    assert Campaign.objects.count() == 1
