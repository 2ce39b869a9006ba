"""Applying from the checklist: the service, its refusals, the constraint and the views."""

from datetime import timedelta

import pytest
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from creators.models import ApplicationDecision, ProgrammeApplication, Region
from creators.services import (
    ApplicationRefused,
    change_application_status,
    submit_application,
)
from tests.creators.factories import (
    ApplicationFactory,
    EligibleCreatorFactory,
    creativity,
    effect_creator_rewards,
    series,
)
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db
Status = ProgrammeApplication.Status


def test_it_submits_an_application_with_the_checklist_the_creator_saw():
    profile = EligibleCreatorFactory()

    application = submit_application(profile=profile, programme=series())

    assert application.status == Status.SUBMITTED
    assert application.evaluation_snapshot["eligible"] is True
    assert application.evaluation_snapshot["criteria"][2]["code"] == "followers"
    assert application.evaluation_snapshot["criteria"][2]["value"] == "12,000"
    decision = application.decisions.get()
    assert (decision.to_status, decision.changed_by) == (Status.SUBMITTED, profile.user)


def test_it_refuses_unmet_criteria_with_the_reasons_and_stores_nothing():
    profile = EligibleCreatorFactory(follower_count=7_700, views_last_30_days=10)

    with pytest.raises(ApplicationRefused) as refusal:
        submit_application(profile=profile, programme=series())

    assert refusal.value.reasons == [
        "You need 2,300 more followers, or add a link to premium content you sell elsewhere.",
        "You need 990 more views.",
    ]
    assert not ProgrammeApplication.objects.exists()


def test_it_accepts_a_small_creator_under_the_premium_content_exception():
    profile = EligibleCreatorFactory(
        follower_count=800, premium_content_url="https://karyakarsa.com/dewi"
    )

    application = submit_application(profile=profile, programme=series())

    assert application.used_premium_content_exception
    assert application.evaluation_snapshot["criteria"][2]["waived"] is True


def test_the_exception_does_not_open_a_programme_without_it():
    profile = EligibleCreatorFactory(
        country=Region.objects.get(code="US"),
        province="",
        follower_count=800,
        premium_content_url="https://karyakarsa.com/dewi",
    )

    with pytest.raises(ApplicationRefused) as refusal:
        submit_application(profile=profile, programme=creativity())

    assert refusal.value.reasons == ["You need 9,200 more followers."]


def test_it_refuses_a_second_open_application_to_the_same_programme():
    profile = EligibleCreatorFactory()
    submit_application(profile=profile, programme=series())

    with pytest.raises(ApplicationRefused) as refusal:
        submit_application(profile=profile, programme=series())

    assert refusal.value.reasons == ["You already have an open application for Series."]


def test_it_refuses_to_apply_again_once_approved():
    profile = EligibleCreatorFactory()
    ApplicationFactory(
        profile=profile, status=ProgrammeApplication.Status.APPROVED, decided_at=timezone.now()
    )

    with pytest.raises(ApplicationRefused) as refusal:
        submit_application(profile=profile, programme=series())

    assert refusal.value.reasons == ["You are already approved for Series."]
    assert ProgrammeApplication.objects.filter(profile=profile).count() == 1


def test_an_open_application_to_one_programme_does_not_block_another():
    profile = EligibleCreatorFactory()
    submit_application(profile=profile, programme=series())

    assert submit_application(profile=profile, programme=effect_creator_rewards()).pk


def test_the_database_refuses_two_open_applications_for_one_programme():
    first = ApplicationFactory(status=Status.IN_REVIEW)

    with pytest.raises(IntegrityError):
        ApplicationFactory(profile=first.profile, status=Status.SUBMITTED)


def test_the_database_allows_a_new_application_after_a_closed_one():
    first = ApplicationFactory(status=Status.WITHDRAWN)

    assert ApplicationFactory(profile=first.profile, status=Status.SUBMITTED).pk


def test_a_rejected_creator_waits_for_the_cool_down():
    application = ApplicationFactory()
    change_application_status(
        application=application, changed_by=StaffFactory(), status=Status.REJECTED, reason="Reposts"
    )

    with pytest.raises(ApplicationRefused) as refusal:
        submit_application(profile=application.profile, programme=series())

    assert "You can apply to Series again from" in refusal.value.reasons[0]


def test_a_rejected_creator_may_apply_again_after_the_cool_down():
    application = ApplicationFactory(
        status=Status.REJECTED, decided_at=timezone.now() - timedelta(days=30, seconds=1)
    )

    assert submit_application(profile=application.profile, programme=series()).pk


def test_a_shorter_cool_down_set_on_the_programme_applies():
    programme = series()
    programme.reapply_cooldown_days = 0
    programme.save()
    application = ApplicationFactory(status=Status.REJECTED, decided_at=timezone.now())

    assert submit_application(profile=application.profile, programme=programme).pk


def test_it_refuses_a_closed_programme():
    programme = series()
    programme.is_active = False
    programme.save()

    with pytest.raises(ApplicationRefused):
        submit_application(profile=EligibleCreatorFactory(), programme=programme)


def test_a_decided_application_cannot_be_decided_again():
    application = ApplicationFactory(status=Status.APPROVED)

    with pytest.raises(ApplicationRefused):
        change_application_status(
            application=application, changed_by=StaffFactory(), status=Status.REJECTED, reason="x"
        )
    assert ApplicationDecision.objects.count() == 0


# --- Views -----------------------------------------------------------------


def test_the_apply_view_submits_and_says_approval_is_not_guaranteed(client):
    profile = EligibleCreatorFactory()
    client.force_login(profile.user)

    response = client.post(reverse("creators:apply", args=["series"]), follow=True)

    assert ProgrammeApplication.objects.get().profile == profile
    assert "applying does not guarantee approval" in response.text


def test_the_apply_view_shows_the_reasons_of_a_refusal(client):
    profile = EligibleCreatorFactory(follower_count=100)
    client.force_login(profile.user)

    response = client.post(reverse("creators:apply", args=["series"]), follow=True)

    assert not ProgrammeApplication.objects.exists()
    assert "You need 9,900 more followers" in response.text


def test_the_apply_view_rejects_get(client):
    profile = EligibleCreatorFactory()
    client.force_login(profile.user)

    assert client.get(reverse("creators:apply", args=["series"])).status_code == 405


def test_the_apply_view_404s_for_an_unknown_programme(client):
    client.force_login(EligibleCreatorFactory().user)

    assert client.post(reverse("creators:apply", args=["nope"])).status_code == 404


def test_the_apply_view_requires_login(client):
    url = reverse("creators:apply", args=["series"])

    response = client.post(url)

    assert response.status_code == 302
    assert not ProgrammeApplication.objects.exists()


def test_a_creator_sees_their_application_with_its_snapshot(client):
    application = ApplicationFactory()
    client.force_login(application.profile.user)

    response = client.get(reverse("creators:application_detail", args=[application.pk]))

    assert response.status_code == 200
    assert "Your application to Series" in response.text


def test_a_creator_cannot_see_another_creators_application(client):
    application = ApplicationFactory()
    client.force_login(EligibleCreatorFactory().user)

    response = client.get(reverse("creators:application_detail", args=[application.pk]))

    assert response.status_code == 404


def test_a_creator_cannot_withdraw_another_creators_application(client):
    application = ApplicationFactory()
    client.force_login(EligibleCreatorFactory().user)

    response = client.post(reverse("creators:withdraw", args=[application.pk]))

    assert response.status_code == 404
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


def test_a_creator_withdraws_their_open_application(client, mailoutbox):
    application = ApplicationFactory()
    client.force_login(application.profile.user)

    client.post(reverse("creators:withdraw", args=[application.pk]))

    application.refresh_from_db()
    assert application.status == Status.WITHDRAWN
    assert application.decisions.get().changed_by == application.profile.user
    assert mailoutbox == []


def test_withdrawing_rejects_get(client):
    application = ApplicationFactory()
    client.force_login(application.profile.user)

    assert client.get(reverse("creators:withdraw", args=[application.pk])).status_code == 405
