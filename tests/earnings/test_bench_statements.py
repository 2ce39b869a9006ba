"""The monthly run's benchmark states and pays the creators it makes, prints
its figures, and leaves the database as it was."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from core.models import User
from earnings.models import Payout, Statement

pytestmark = pytest.mark.django_db


def test_it_prints_the_cost_per_creator_at_each_size_and_leaves_nothing_behind():
    out = StringIO()

    call_command("bench_statements", "--sizes", "4", "2", stdout=out)

    rows = {
        line.split()[0]: line.split()
        for line in out.getvalue().splitlines()
        if line.split() and line.split()[0].isdigit()
    }
    # creators, find ms, find queries, payouts, run s, ms/creator, median, queries
    assert rows["2"][2:4] == ["1", "1"]
    assert rows["4"][2:4] == ["1", "2"]
    assert "ms/creator ratio 4/2:" in out.getvalue()
    assert not User.objects.exists()
    assert not Statement.objects.exists()
    assert not Payout.objects.exists()


def test_it_refuses_a_size_below_two():
    with pytest.raises(CommandError, match="at least 2"):
        call_command("bench_statements", "--sizes", "1", stdout=StringIO())
