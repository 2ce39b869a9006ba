from io import StringIO

import pytest
from django.core.management import call_command

from series.models import Episode

pytestmark = pytest.mark.django_db


def test_the_upload_benchmark_stores_each_upload_and_leaves_nothing_behind():
    output = StringIO()

    call_command("bench_episode_upload", sizes_mb=[1, 3], stdout=output)

    rows = [line for line in output.getvalue().splitlines() if line.strip()[:1].isdigit()]
    assert [row.split("|")[0].strip() for row in rows] == ["1", "3"]
    assert all(row.rstrip().endswith("yes") for row in rows)
    assert not Episode.objects.exists()
