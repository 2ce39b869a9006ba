"""The Creator Center dashboard: live checklists, application history, followers chart."""

from datetime import timedelta

import pytest
from django.core.cache import caches
from django.urls import reverse
from django.utils import timezone

from creators.models import FigureSnapshot, ProgrammeApplication
from tests.creators.factories import (
    ApplicationFactory,
    CreatorProfileFactory,
    EligibleCreatorFactory,
    ViolationFactory,
    creativity,
    typed_figures,
)
from tests.tiktok.factories import LinkedAccountFactory

pytestmark = pytest.mark.django_db
DASHBOARD = reverse("creators:dashboard")


def kept(client, **kwargs):
    """The dashboard read until it is kept under the creator's version (the
    first read only names the creator), as a returning creator sees it."""
    client.get(DASHBOARD, **kwargs)
    return client.get(DASHBOARD, **kwargs).text


def test_a_new_creator_sees_what_to_do_for_each_programme(client):
    profile = CreatorProfileFactory()
    client.force_login(profile.user)

    response = client.get(DASHBOARD)

    assert "Series eligibility" in response.text
    assert "Creativity Program eligibility" in response.text
    assert "Add your date of birth." in response.text
    assert "You need 10,000 more followers, or add a link to premium content" in response.text
    assert "Apply to Series" not in response.text


def test_an_eligible_creator_gets_an_apply_button_per_programme_open_to_them(client):
    profile = EligibleCreatorFactory()
    client.force_login(profile.user)

    response = client.get(DASHBOARD)

    assert "Apply to Series" in response.text
    assert "Apply to Effect Creator Rewards" in response.text
    # The Creativity Program is for creators in the United States.
    assert "Apply to Creativity Program" not in response.text
    assert "Creativity Program is not open to creators in Indonesia yet." in response.text


def test_the_dashboard_shows_the_open_application_instead_of_the_button(client):
    application = ApplicationFactory()
    client.force_login(application.profile.user)

    response = client.get(DASHBOARD)

    assert "Apply to Series" not in response.text
    assert "Apply to Effect Creator Rewards" in response.text
    assert "Submitted" in response.text


def test_the_dashboard_shows_an_approval_instead_of_the_button(client):
    application = ApplicationFactory(
        profile=EligibleCreatorFactory(),
        status=ProgrammeApplication.Status.APPROVED,
        decided_at=timezone.now(),
    )
    client.force_login(application.profile.user)

    response = client.get(DASHBOARD)

    assert "Apply to Series" not in response.text
    assert "Approved" in response.text


def test_the_dashboard_lists_decisions_with_their_reason(client):
    application = ApplicationFactory(
        status=ProgrammeApplication.Status.REJECTED,
        decision_reason="Your videos are reposts.",
        decided_at=timezone.now(),
    )
    client.force_login(application.profile.user)

    response = client.get(DASHBOARD)

    assert "Rejected" in response.text
    assert "Your videos are reposts." in response.text


def test_the_dashboard_shows_no_one_elses_applications(client):
    ApplicationFactory(decision_reason="Someone else's reason")
    client.force_login(EligibleCreatorFactory().user)

    response = client.get(DASHBOARD)

    assert "Someone else&#x27;s reason" not in response.text
    assert "You have not applied to a programme yet." in response.text


def test_the_dashboard_draws_the_followers_chart_from_two_days(client):
    profile = EligibleCreatorFactory()
    today = timezone.localdate()
    for days_ago, followers in [(10, 9_000), (0, 12_000)]:
        FigureSnapshot.objects.create(
            profile=profile,
            recorded_on=today - timedelta(days=days_ago),
            source=FigureSnapshot.Source.FORM,
            follower_count=followers,
            public_video_count=3,
            views_last_30_days=2_000,
        )
    client.force_login(profile.user)

    response = client.get(DASHBOARD)

    assert '<polyline points="24.0,176.0 576.0,24.0"' in response.text
    assert "Lowest 9,000, highest 12,000." in response.text


def test_the_dashboard_query_count_does_not_grow_with_the_data(client, django_assert_num_queries):
    # The session, the user, the profile (with its application count and
    # TikTok status), its violations, the programmes (with the current
    # applications), their regions, the chart's figures, the collaboration
    # counts, the page of applications.
    profile = EligibleCreatorFactory()
    ApplicationFactory(profile=profile, status=ProgrammeApplication.Status.WITHDRAWN)
    client.force_login(profile.user)
    with django_assert_num_queries(9) as small:
        client.get(DASHBOARD)

    for _ in range(3):
        ApplicationFactory(
            profile=profile,
            programme=creativity(),
            status=ProgrammeApplication.Status.REJECTED,
            decision_reason="No",
        )
    ApplicationFactory(profile=profile)
    ViolationFactory.create_batch(3, profile=profile)
    for days_ago in range(15):
        FigureSnapshot.objects.create(
            profile=profile,
            recorded_on=timezone.localdate() - timedelta(days=days_ago),
            source=FigureSnapshot.Source.FORM,
            follower_count=10_000 + days_ago,
            public_video_count=3,
            views_last_30_days=2_000,
        )
    LinkedAccountFactory(user=profile.user, status="broken")
    caches["fragments"].clear()
    with django_assert_num_queries(9) as large:
        response = client.get(DASHBOARD)

    assert "Reconnect TikTok" in response.text
    assert "In review" in response.text or "Submitted" in response.text
    assert len(small.captured_queries) == len(large.captured_queries)
    # Then the programmes and the collaboration counts come from the fragment
    # cache: only the current applications are read, without the programmes
    # or their regions.
    with django_assert_num_queries(7):
        warm = client.get(DASHBOARD)
    assert warm.text.count("checklist-item") == response.text.count("checklist-item")
    # Read again, the creator's version is read first: then the page is kept,
    # and only the session and the user are read.
    with django_assert_num_queries(2):
        kept_page = client.get(DASHBOARD)
    assert kept_page.text == warm.text.replace(_token(warm.text), _token(kept_page.text))


def test_a_kept_dashboard_costs_the_same_queries_with_little_data(
    client, django_assert_num_queries
):
    profile = CreatorProfileFactory()
    client.force_login(profile.user)
    kept(client)

    # The session and the user.
    with django_assert_num_queries(2):
        response = client.get(DASHBOARD)

    assert "Series eligibility" in response.text


def test_an_invitation_and_its_answer_show_in_the_kept_counts_at_once(client):
    from collaborations import services as collaboration_services
    from collaborations.models import Collaboration
    from tests.collaborations.factories import CollaborationFactory, live_campaign

    invited = CollaborationFactory(status=Collaboration.Status.INVITED, campaign=live_campaign())
    client.force_login(invited.creator.user)
    page = kept(client)
    assert _count(page, "Invitations waiting for your answer") == "1"

    collaboration_services.move(invited, Collaboration.Status.ACCEPTED, user=invited.creator.user)
    page = client.get(DASHBOARD).text

    assert _count(page, "Invitations waiting for your answer") == "0"
    assert _count(page, "Active collaborations") == "1"


def _count(html, label):
    """The number the collaborations card shows beside ``label``."""
    import re

    return re.search(rf"{label}</dt>\s*<dd[^>]*>(\d+)</dd>", html).group(1)


def _token(html):
    """The page's CSRF token (fresh on every page, outside what is kept)."""
    marker = 'name="csrfmiddlewaretoken" value="'
    start = html.index(marker) + len(marker)
    return html[start : html.index('"', start)]


def test_the_dashboard_pages_the_applications_by_their_count(client):
    profile = EligibleCreatorFactory()
    for _ in range(11):
        ApplicationFactory(
            profile=profile, programme=creativity(), status=ProgrammeApplication.Status.REJECTED
        )
    client.force_login(profile.user)

    first = client.get(DASHBOARD)
    second = client.get(DASHBOARD, {"page": 2})

    assert first.context["applications"].paginator.num_pages == 2
    assert first.text.count("Rejected") == 10
    assert second.text.count("Rejected") == 1
    # Each page is kept on its own.
    assert kept(client).count("Rejected") == 10
    assert kept(client, data={"page": 2}).count("Rejected") == 1


def test_a_creator_in_indonesia_without_a_province_is_asked_for_it(client):
    missing = EligibleCreatorFactory(province="")
    placed = EligibleCreatorFactory()
    reminder = "Add your province"

    client.force_login(missing.user)
    assert reminder in client.get(DASHBOARD).text
    client.force_login(placed.user)
    assert reminder not in client.get(DASHBOARD).text


# The dashboard is kept under the creator's version and the names' version, for
# one day (eligibility depends on it): whatever changes what it shows changes one
# of them, so a change shows at once on a kept dashboard.


def test_new_figures_show_in_the_checklist_at_once(client):
    profile = CreatorProfileFactory()
    client.force_login(profile.user)
    assert "You need 10,000 more followers" in kept(client)

    typed_figures(profile, follower_count=4_000, public_video_count=3, views_last_30_days=1_000)
    response = client.get(DASHBOARD)

    assert "You need 6,000 more followers" in response.text
    assert "You need 10,000 more followers" not in response.text


def test_a_changed_programme_rule_shows_in_the_checklist_at_once(client):
    from creators.models import Programme

    profile = EligibleCreatorFactory()
    client.force_login(profile.user)
    assert "Apply to Series" in kept(client)

    series = Programme.objects.get(slug="series")
    series.minimum_followers = profile.follower_count + 1
    series.allows_premium_content_exception = False
    series.save()
    response = client.get(DASHBOARD)

    assert "Apply to Series" not in response.text
    assert f"needed: {profile.follower_count + 1:,}" in response.text


def test_two_languages_never_share_a_checklist(client):
    profile = CreatorProfileFactory()
    client.force_login(profile.user)
    english = kept(client, headers={"accept-language": "en"})

    client.cookies["django_language"] = "id"
    indonesian = kept(client)

    assert "Add your date of birth." in english
    assert "Add your date of birth." not in indonesian


def test_the_cached_programmes_show_each_creators_own_application(client):
    first = ApplicationFactory()
    second = EligibleCreatorFactory()
    client.force_login(first.profile.user)
    assert "Apply to Series" not in kept(client)

    client.force_login(second.user)
    response = client.get(DASHBOARD)

    assert "Apply to Series" in response.text


def test_a_programme_given_a_region_shows_in_the_checklist_at_once(client):
    from creators.models import Region

    profile = EligibleCreatorFactory()
    client.force_login(profile.user)
    assert "Creativity Program is not open to creators in Indonesia yet." in kept(client)

    creativity().eligible_regions.add(Region.objects.get(code="ID"))
    response = client.get(DASHBOARD)

    assert "Creativity Program is not open to creators in Indonesia yet." not in response.text


def test_a_withdrawn_application_brings_the_button_back_at_once(client):
    from creators import services

    application = ApplicationFactory()
    client.force_login(application.profile.user)
    assert "Apply to Series" not in kept(client)

    services.withdraw_application(application=application, changed_by=application.profile.user)
    response = client.get(DASHBOARD)

    assert "Apply to Series" in response.text


def test_a_decided_application_shows_at_once(client):
    from creators import services
    from tests.factories import StaffFactory

    staff = StaffFactory()
    application = ApplicationFactory()
    client.force_login(application.profile.user)
    assert "Approved" not in kept(client)

    services.change_application_status(
        application=application,
        changed_by=staff,
        status=ProgrammeApplication.Status.IN_REVIEW,
    )
    services.change_application_status(
        application=application,
        changed_by=staff,
        status=ProgrammeApplication.Status.APPROVED,
        reason="Welcome aboard",
    )
    response = client.get(DASHBOARD).text

    assert "Approved" in response and "Welcome aboard" in response


def test_a_recorded_violation_shows_in_the_checklist_at_once(client):
    profile = EligibleCreatorFactory()
    client.force_login(profile.user)
    before = kept(client)
    assert "Apply to Series" in before

    ViolationFactory.create_batch(3, profile=profile, occurred_on=timezone.localdate())

    assert client.get(DASHBOARD).text.count("Apply to") < before.count("Apply to")


def test_a_broken_tiktok_link_shows_at_once(client):
    from tiktok.services import mark_broken

    profile = CreatorProfileFactory()
    account = LinkedAccountFactory(user=profile.user)
    client.force_login(profile.user)
    assert "Reconnect TikTok" not in kept(client)

    mark_broken(account, "token revoked")

    assert "Reconnect TikTok" in client.get(DASHBOARD).text


def test_an_edited_profile_shows_at_once(client):
    from creators.services import update_profile

    profile = CreatorProfileFactory(display_name="Ibu Sari")
    client.force_login(profile.user)
    assert "Welcome, Ibu Sari." in kept(client)

    update_profile(profile=profile, details={"display_name": "Dapur Sari"})

    assert "Welcome, Dapur Sari." in client.get(DASHBOARD).text


def test_the_checklist_is_evaluated_again_the_next_day(client, monkeypatch):
    profile = CreatorProfileFactory()
    typed_figures(profile, follower_count=20_000, public_video_count=3, views_last_30_days=1_000)
    client.force_login(profile.user)
    assert "not recorded recently" not in kept(client)

    later = timezone.localdate() + timedelta(days=400)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: later)

    assert "not recorded recently" in client.get(DASHBOARD).text


def test_two_creators_never_share_a_dashboard(client):
    first = CreatorProfileFactory(display_name="Ibu Sari")
    second = CreatorProfileFactory(display_name="Pak Budi")
    client.force_login(first.user)
    assert "Welcome, Ibu Sari." in kept(client)

    client.force_login(second.user)
    response = kept(client)

    assert "Welcome, Pak Budi." in response and "Ibu Sari" not in response


def test_the_apply_button_submits_the_pages_own_form(client):
    profile = EligibleCreatorFactory()
    client.force_login(profile.user)

    response = kept(client)

    assert 'form="apply-series"' in response
    action = reverse("creators:apply", args=["series"])
    assert f'<form id="apply-series" method="post" action="{action}"' in response
    assert response.count('name="csrfmiddlewaretoken"') >= 1
    client.post(reverse("creators:apply", args=["series"]))
    assert "Apply to Series" not in client.get(DASHBOARD).text


def test_with_the_cache_down_the_dashboard_is_read_and_current(client, cache_down):
    profile = CreatorProfileFactory()
    client.force_login(profile.user)
    assert "You need 10,000 more followers" in kept(client)

    typed_figures(profile, follower_count=4_000, public_video_count=3, views_last_30_days=1_000)

    assert "You need 6,000 more followers" in client.get(DASHBOARD).text
