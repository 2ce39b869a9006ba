"""The shipped programmes' rules, and the premium content link kept with an application."""

import pytest
from django.urls import reverse

from creators.models import Programme, ProgrammeApplication, Region
from creators.services import ApplicationRefused, submit_application
from tests.creators.factories import (
    ApplicationFactory,
    EligibleCreatorFactory,
    creativity,
    effect_creator_rewards,
    series,
)
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db
DASHBOARD = reverse("creators:dashboard")
APPLY_SERIES = reverse("creators:apply", args=["series"])
QUEUE = reverse("admin:creators_programmeapplication_changelist")


def test_the_creativity_program_is_for_the_united_states_and_videos_over_a_minute():
    programme = creativity()

    assert [region.code for region in programme.eligible_regions.all()] == ["US"]
    assert programme.minimum_video_seconds == 60
    assert programme.requires_original_content
    assert "United States" in programme.description
    assert "Amerika Serikat" in programme.description_id


def test_effect_creator_rewards_is_shipped_as_programme_data():
    programme = effect_creator_rewards()

    assert (programme.name, programme.name_id) == (
        "Effect Creator Rewards",
        "Penghargaan Pencipta Efek",
    )
    assert "augmented-reality (AR) effects" in programme.description
    assert "augmented reality (AR)" in programme.description_id
    assert programme.is_active and programme.minimum_age == 18
    assert programme.minimum_video_seconds is None
    assert not programme.eligible_regions.exists()


def test_the_checklist_shows_the_video_duration_rule(client):
    profile = EligibleCreatorFactory(country=Region.objects.get(code="US"), province="")
    client.force_login(profile.user)

    response = client.get(DASHBOARD, headers={"Accept-Language": "en"})

    assert "Only videos longer than 1 minute count" in response.text
    assert "needed: longer than 1 minute" in response.text
    assert response.text.count("Only videos longer than") == 1  # Creativity Program only
    assert "Apply to Creativity Program" in response.text


def small_creator(**fields):
    """Below Series' 10,000 followers, meeting every other rule."""
    return EligibleCreatorFactory(follower_count=800, **fields)


def test_the_application_form_asks_for_the_link_only_when_the_exception_applies(client):
    small = small_creator(premium_content_url="https://karyakarsa.com/dewi")
    client.force_login(small.user)
    asked = client.get(DASHBOARD).text
    eligible = EligibleCreatorFactory()
    client.force_login(eligible.user)
    not_asked = client.get(DASHBOARD).text

    assert asked.count('name="premium_content_url"') == 1  # Series only
    assert 'value="https://karyakarsa.com/dewi"' in asked
    assert "Apply to Series" in asked
    assert 'name="premium_content_url"' not in not_asked


def test_a_creator_without_a_link_on_their_profile_can_give_it_when_applying(client):
    small = small_creator()
    client.force_login(small.user)
    assert 'name="premium_content_url"' in client.get(DASHBOARD).text

    response = client.post(APPLY_SERIES, {"premium_content_url": "trakteer.id/dewi/posts"})

    assert response.status_code == 302
    application = ProgrammeApplication.objects.get(profile=small)
    assert application.used_premium_content_exception
    assert application.premium_content_url == "https://trakteer.id/dewi/posts"


def test_the_link_on_the_profile_is_kept_when_the_form_did_not_ask():
    small = small_creator(premium_content_url="https://karyakarsa.com/dewi")

    application = submit_application(profile=small, programme=series())

    assert application.premium_content_url == "https://karyakarsa.com/dewi"


def test_no_link_is_kept_when_the_exception_is_not_used():
    profile = EligibleCreatorFactory(premium_content_url="https://karyakarsa.com/dewi")

    application = submit_application(profile=profile, programme=series())

    assert not application.used_premium_content_exception
    assert application.premium_content_url == ""


@pytest.mark.parametrize("link", ["not a link", "https://", "javascript:alert(1)"])
def test_a_malformed_link_is_refused_and_nothing_is_stored(client, link):
    small = small_creator()
    client.force_login(small.user)

    response = client.post(APPLY_SERIES, {"premium_content_url": link}, follow=True)

    assert "Your application to Series was not sent" in response.text
    assert not ProgrammeApplication.objects.exists()


def test_the_service_refuses_a_malformed_link():
    with pytest.raises(ApplicationRefused) as refusal:
        submit_application(
            profile=small_creator(), programme=series(), premium_content_url="ftp://x.id/a"
        )

    assert "not a web address" in refusal.value.reasons[0]
    assert not ProgrammeApplication.objects.exists()


def test_an_empty_link_leaves_the_follower_minimum_unmet(client):
    client.force_login(small_creator().user)

    response = client.post(APPLY_SERIES, {"premium_content_url": ""}, follow=True)

    assert "You need 9,200 more followers, or add a link" in response.text
    assert not ProgrammeApplication.objects.exists()


def test_staff_deciding_see_the_link_opening_in_a_new_tab(client):
    application = ApplicationFactory(
        profile=small_creator(handle="dewi"),
        used_premium_content_exception=True,
        premium_content_url="https://karyakarsa.com/dewi",
    )
    client.force_login(StaffFactory())
    link = (
        '<a href="https://karyakarsa.com/dewi" target="_blank" rel="noopener noreferrer">'
        "https://karyakarsa.com/dewi</a>"
    )

    queue = client.get(QUEUE)
    change = client.get(
        reverse("admin:creators_programmeapplication_change", args=[application.pk])
    )

    assert link in queue.text
    assert link in change.text


def test_an_address_that_is_not_a_web_link_is_shown_as_text_to_staff(client):
    application = ApplicationFactory(premium_content_url="javascript:alert(1)")
    client.force_login(StaffFactory())

    change = client.get(
        reverse("admin:creators_programmeapplication_change", args=[application.pk])
    )

    assert 'href="javascript' not in change.text
    assert "javascript:alert(1)" in change.text


def test_programmes_are_listed_with_the_new_one():
    assert set(Programme.objects.values_list("slug", flat=True)) == {
        "series",
        "creativity",
        "effect-creator-rewards",
    }


def test_the_decision_page_shows_the_link_too(client):
    application = ApplicationFactory(
        used_premium_content_exception=True, premium_content_url="https://karyakarsa.com/dewi"
    )
    client.force_login(StaffFactory())

    page = client.get(reverse("admin:creators_programmeapplication_decide", args=[application.pk]))

    assert (
        '<a href="https://karyakarsa.com/dewi" target="_blank" rel="noopener noreferrer">'
        in page.text
    )
