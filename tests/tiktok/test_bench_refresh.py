"""The daily refresh's benchmark refreshes a sample of linked creators through
the real HTTP client against the local fake, prints per-creator figures and the
projection to 100,000 creators, fails when the day does not fit, and leaves the
database as it was."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from core.models import User
from tiktok.models import LinkedAccount

pytestmark = pytest.mark.django_db


def lines_of(out):
    return {
        line.strip()[:58].strip(): line.strip()[58:].strip()
        for line in out.getvalue().splitlines()
        if line.startswith("  ")
    }


def test_it_measures_a_sample_and_projects_the_day():
    out = StringIO()

    call_command("bench_tiktok_refresh", "--creators", "4", stdout=out)

    lines = lines_of(out)
    assert lines["creators refreshed"].startswith("4 in ")
    assert lines["outcomes"] == "verified 4"
    # One user-info read each; a video every 1 to 4 days: the daily poster needs a second page.
    assert lines["requests to /v2/user/info/"] == "1.00"
    assert lines["requests to /v2/video/list/"] == "1.25"
    assert lines["requests to /v2/video/query/"] == "0.00"
    assert "queries: mean / max" in lines
    assert lines["rate-limit-bound: /v2/video/list/ at 600/min"] == "3.5 h (125,000 requests)"
    assert lines["creators a slice"] == "4,167"
    assert lines["requests a minute to /v2/video/list/ while a slice runs"] == "312 of 600"
    assert lines["bound by"] == "rate limit"
    assert lines["fits in a day"] == "yes"
    assert not User.objects.exists()
    assert not LinkedAccount.objects.exists()


def test_it_fails_when_the_refresh_does_not_fit_in_a_day():
    out = StringIO()

    # 2.4 million creators: 100,000 a slice, 400 minutes at 250 a minute.
    with pytest.raises(CommandError, match="does not fit in 24 hours"):
        call_command("bench_tiktok_refresh", "--creators", "2", "--target", "2400000", stdout=out)

    assert lines_of(out)["fits in a day"] == "NO"
