from io import StringIO

import pytest
from django.core.management import call_command

from series.models import Episode, Purchase, Series

pytestmark = pytest.mark.django_db


def test_the_demo_data_has_a_published_series_bought_once_even_when_run_twice(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", allow_production=True, stdout=StringIO())
        call_command("seed_demo", allow_production=True, stdout=StringIO())

    series = Series.objects.get()
    assert series.status == Series.Status.PUBLISHED
    assert series.creator.user.email == "creator1@demo.portal.test"
    assert list(Episode.objects.values_list("duration_ms", "is_free_preview")) == [
        (31_000, True),
        (31_000, False),
        (31_000, False),
    ]
    purchase = Purchase.objects.get()
    assert (purchase.buyer.email, purchase.status) == ("business1@demo.portal.test", "paid")
