"""Staff see each fanned-out refresh in the admin: its status, totals and one
line per chunk, a failed chunk with its error; nobody can edit a refresh."""

import pytest
from django.urls import reverse
from django.utils import timezone

from matching.models import RefreshRun
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(StaffFactory(is_superuser=True))
    return client


def test_staff_see_each_chunk_of_a_refresh_and_the_one_that_failed(staff_client):
    refresh = RefreshRun.objects.create(
        started_at=timezone.now(),
        finished_at=timezone.now(),
        status=RefreshRun.Status.FAILED,
        campaigns=80,
        chunks=2,
        stored=150,
        chunk_results={
            "0": {"campaigns": 50, "stored": 150, "creators": 9000, "seconds": 1.5, "pid": 41},
            "1": {"failed": True, "error": "TimeLimitExceeded", "campaigns": 30, "stored": 0},
        },
    )

    listing = staff_client.get(reverse("admin:matching_refreshrun_changelist"))
    page = staff_client.get(reverse("admin:matching_refreshrun_change", args=[refresh.pk]))

    assert listing.status_code == 200 and "Failed" in listing.content.decode()
    html = page.content.decode()
    assert "#0: 50 campaigns, 150 matches, 1.5 s, worker 41" in html
    assert "#1: 30 campaigns, 0 matches, – s, failed: TimeLimitExceeded" in html
    assert 'name="_save"' not in html


def test_nobody_adds_a_refresh_by_hand(staff_client):
    response = staff_client.get(reverse("admin:matching_refreshrun_add"))

    assert response.status_code == 403
