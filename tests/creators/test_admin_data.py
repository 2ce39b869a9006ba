"""Staff edit programmes, record violations and import figures in the admin."""

import io
from datetime import date

import pytest
from django.urls import reverse

from creators.eligibility import evaluate
from creators.models import CreatorProfile, FigureSnapshot, Programme, Region, Violation
from tests.creators.factories import EligibleCreatorFactory, series
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    user = StaffFactory()
    client.force_login(user)
    return user


def programme_form_data(programme, **changes):
    """What the admin change form posts for ``programme`` unchanged, plus ``changes``."""
    fields = [
        "name_id", "name", "slug", "description_id", "description", "is_active", "minimum_age",
        "minimum_followers", "allows_premium_content_exception", "minimum_account_age_days",
        "minimum_public_videos", "minimum_views", "minimum_video_seconds", "figures_window_days",
        "requires_public_account", "requires_original_content", "disqualifying_violations",
        "violation_window_days", "reapply_cooldown_days",
    ]  # fmt: skip
    data = {}
    for name in fields:
        value = getattr(programme, name)
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = "" if value is None else value
    data["eligible_regions"] = [r.pk for r in programme.eligible_regions.all()]
    data.update(changes)
    return {key: value for key, value in data.items() if value is not False}


def test_raising_the_follower_minimum_in_the_admin_changes_the_outcome(client, staff):
    profile = EligibleCreatorFactory(follower_count=12_000)
    assert evaluate(profile, series()).eligible

    response = client.post(
        reverse("admin:creators_programme_change", args=[series().pk]),
        programme_form_data(series(), minimum_followers=20_000),
    )

    assert response.status_code == 302
    evaluation = evaluate(profile, series())
    assert not evaluation.eligible
    assert [c.advice for c in evaluation.unmet] == [
        "You need 8,000 more followers, or add a link to premium content you sell elsewhere."
    ]


def test_adding_a_region_in_the_admin_opens_the_programme_there(client, staff):
    profile = EligibleCreatorFactory(country=Region.objects.get(code="US"))
    assert not evaluate(profile, series()).eligible
    regions = [r.pk for r in series().eligible_regions.all()] + [profile.country_id]

    client.post(
        reverse("admin:creators_programme_change", args=[series().pk]),
        programme_form_data(series(), eligible_regions=regions),
    )

    assert evaluate(profile, series()).eligible


def test_turning_off_the_exception_in_the_admin_closes_it(client, staff):
    profile = EligibleCreatorFactory(follower_count=10, premium_content_url="https://x.id/p")
    assert evaluate(profile, series()).can_apply
    data = programme_form_data(series())
    del data["allows_premium_content_exception"]

    client.post(reverse("admin:creators_programme_change", args=[series().pk]), data)

    assert not Programme.objects.get(slug="series").allows_premium_content_exception
    assert not evaluate(profile, series()).can_apply


def test_a_violation_recorded_in_the_admin_counts_and_names_who_recorded_it(client, staff):
    profile = EligibleCreatorFactory()
    Violation.objects.create(profile=profile, occurred_on="2026-11-01", kind="spam")

    response = client.post(
        reverse("admin:creators_violation_add"),
        {"profile": profile.pk, "occurred_on": "2026-11-20", "kind": "hate", "note": "Slurs"},
    )

    assert response.status_code == 302
    assert Violation.objects.get(kind="hate").recorded_by == staff
    good_standing = evaluate(profile, series(), today=profile.figures_recorded_on).criteria[-1]
    assert good_standing.code == "good_standing"
    assert not good_standing.met


CSV_URL = reverse("admin:creators_figuresnapshot_import")


def upload(client, text):
    file = io.BytesIO(text.encode())
    file.name = "figures.csv"
    return client.post(CSV_URL, {"file": file})


def test_the_csv_import_keeps_good_rows_and_reports_bad_ones(client, staff):
    siti = EligibleCreatorFactory(handle="siti", figures_recorded_on=date(2026, 11, 1))
    budi = EligibleCreatorFactory(handle="budi", figures_recorded_on=date(2026, 11, 1))

    response = upload(
        client,
        "handle,recorded_on,follower_count,public_video_count,views_last_30_days\n"
        "siti,2026-11-20,15000,4,3000\n"
        "nobody,2026-11-20,1,1,1\n"
        "budi,20-11-2026,100,1,1\n"
        "budi,2026-11-21,-5,1,1\n"
        "budi,2026-11-21,25000,6,90000\n",
    )

    assert response.status_code == 200
    assert "2 rows imported, 3 rows refused." in response.text
    assert "No creator has this handle." in response.text
    assert "Enter a valid date." in response.text
    assert "Ensure this value is greater than or equal to 0." in response.text
    assert FigureSnapshot.objects.filter(source="csv").count() == 2
    siti.refresh_from_db()
    budi.refresh_from_db()
    assert siti.follower_count == 15_000
    assert budi.follower_count == 25_000


def test_the_csv_import_reports_missing_columns(client, staff):
    response = upload(client, "handle,followers\nsiti,5\n")

    assert "Missing columns: follower_count, public_video_count" in response.text
    assert not FigureSnapshot.objects.exists()


def test_an_older_csv_row_is_kept_in_history_but_does_not_replace_newer_figures(client, staff):
    profile = EligibleCreatorFactory(handle="dewi", follower_count=12_000)

    upload(
        client,
        "handle,recorded_on,follower_count,public_video_count,views_last_30_days\n"
        "dewi,2020-01-01,50,1,1\n",
    )

    assert FigureSnapshot.objects.get().follower_count == 50
    assert CreatorProfile.objects.get(pk=profile.pk).follower_count == 12_000


def test_the_csv_import_is_for_staff_only(client):
    client.force_login(EligibleCreatorFactory().user)

    assert client.get(CSV_URL).status_code == 302
