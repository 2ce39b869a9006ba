"""The creators and applications admin lists, kept under their versions
(creators.admin.versions): a warm list asks the database nothing, and every
service changing what they show (figures verified from TikTok, a new email
address, a new creator, niches, a decision, a renamed programme or region)
shows at once; a list filtered on the clock is read every time."""

from datetime import date

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from creators import services
from creators.models import ProgrammeApplication
from creators.models.categories import Niche
from creators.models.figures import FigureSnapshot
from creators.models.places import Region
from tests.creators.factories import ApplicationFactory, CreatorProfileFactory
from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db
CREATORS = reverse("admin:creators_creatorprofile_changelist")
QUEUE = reverse("admin:creators_programmeapplication_changelist")


@pytest.fixture
def staff(client):
    user = StaffFactory()
    client.force_login(user)
    return user


def rows(response):
    return response.text.split("<tbody>")[1].split("</tbody>")[0]


def verified_from_tiktok(profile, followers):
    services.record_figures(
        profile=profile,
        recorded_on=date.today(),
        follower_count=followers,
        public_video_count=12,
        views_last_30_days=40_000,
        source=FigureSnapshot.Source.API,
    )


def test_a_warm_creators_list_reads_only_the_session_and_the_user(
    client, staff, django_assert_num_queries
):
    CreatorProfileFactory.create_batch(3)
    client.get(CREATORS)

    with django_assert_num_queries(2):
        response = client.get(CREATORS)

    assert response.text.count('class="action-select"') == 3


def test_figures_verified_from_tiktok_show_in_the_creators_list_at_once(client, staff):
    profile = CreatorProfileFactory(follower_count=1_234)
    before = rows(client.get(CREATORS))
    assert "1234" in before.replace(",", "") and "TikTok" not in before

    verified_from_tiktok(profile, 98_765)

    after = rows(client.get(CREATORS))
    assert "98765" in after.replace(",", "") and "TikTok" in after


def test_a_new_email_address_shows_and_is_found_at_once(client, staff):
    profile = CreatorProfileFactory(user__email="lama@example.com")
    assert "lama@example.com" in rows(client.get(CREATORS))

    address = EmailAddress.objects.create(user=profile.user, email="baru@example.com")
    address.set_as_primary()

    assert "baru@example.com" in rows(client.get(CREATORS))
    assert "baru@example.com" in rows(client.get(CREATORS, {"q": "baru@"}))


def test_signing_in_does_not_move_the_creators_list_on(client, staff, django_assert_num_queries):
    CreatorProfileFactory()
    client.get(CREATORS)

    client.force_login(staff)  # saves the user's last login, nothing the list shows

    with django_assert_num_queries(2):
        client.get(CREATORS)


def test_a_new_creator_is_listed_and_counted_at_once(client, staff):
    CreatorProfileFactory()
    assert "1 creator profile" in client.get(CREATORS).text

    services.create_creator_profile(user=UserFactory(), display_name="Putri Ayu")

    response = client.get(CREATORS)
    assert "2 creator profiles" in response.text and "Putri Ayu" in rows(response)


def test_a_niche_a_creator_picks_lists_them_under_that_niche_at_once(client, staff):
    profile = CreatorProfileFactory(display_name="Dewi Lestari")
    niche = Niche.objects.first()
    by_niche = {"niches__id__exact": niche.pk}
    assert "Dewi Lestari" not in client.get(CREATORS, by_niche).text

    services.update_profile(profile=profile, details={}, niches=[niche])

    assert "Dewi Lestari" in rows(client.get(CREATORS, by_niche))


def test_a_region_renamed_by_staff_shows_in_both_lists_at_once(client, staff):
    ApplicationFactory()  # an Indonesian creator's application
    region = Region.objects.get(code="ID")
    client.get(CREATORS)
    client.get(QUEUE)

    client.post(
        reverse("admin:creators_region_change", args=[region.pk]),
        {"name_id": "Indonesia", "name": "Nusantara", "code": "ID", "minimum_age": 18},
    )

    assert "Nusantara" in rows(client.get(CREATORS))
    assert "Nusantara" in rows(client.get(QUEUE))


def test_a_creators_verified_figures_show_in_the_queue_at_once(client, staff):
    application = ApplicationFactory(profile__follower_count=12_000)
    assert "12000" in rows(client.get(QUEUE)).replace(",", "")

    verified_from_tiktok(application.profile, 54_321)

    assert "54321" in rows(client.get(QUEUE)).replace(",", "")


def test_a_decided_application_leaves_the_open_queue_at_once(client, staff):
    application = ApplicationFactory(profile__display_name="Rina Wati")
    assert "Rina Wati" in rows(client.get(QUEUE))

    services.change_application_status(
        application=application,
        changed_by=staff,
        status=ProgrammeApplication.Status.REJECTED,
        reason="Not yet.",
    )

    assert "Rina Wati" not in client.get(QUEUE).text.split("<tbody>")[-1]
    assert "Rina Wati" in rows(client.get(QUEUE, {"queue": "decided"}))


def test_a_programme_renamed_by_staff_shows_in_the_queue_at_once(client, staff):
    application = ApplicationFactory()
    client.get(QUEUE)
    programme = application.programme

    programme.name = "Series Makers"
    programme.save()

    assert "Series Makers" in rows(client.get(QUEUE))


@pytest.mark.parametrize("clock_filter", [{"waiting": "new"}, {"creator_age": "18-24"}])
def test_a_queue_filtered_on_the_clock_is_read_every_time(
    client, staff, django_assert_num_queries, clock_filter
):
    ApplicationFactory()
    client.get(QUEUE, clock_filter)
    client.get(QUEUE)

    with django_assert_num_queries(3):  # the session, the user, the rows
        client.get(QUEUE, clock_filter)
    with django_assert_num_queries(2):  # not filtered on the clock: kept
        client.get(QUEUE)
