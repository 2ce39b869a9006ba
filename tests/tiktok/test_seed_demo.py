"""The named demo has Siti's TikTok account linked through the sandbox, with
figures verified from TikTok (Budi links his to post the demo video; Dewi has
not linked), and running it again changes nothing."""

from io import StringIO

import pytest
from django.core.management import call_command

from creators.models import CreatorProfile, FigureSnapshot
from tiktok.models import LinkedAccount

pytestmark = pytest.mark.django_db


def figures_rows():
    return list(
        FigureSnapshot.objects.order_by("pk").values(
            "profile_id", "recorded_on", "source", "follower_count", "views_last_30_days"
        )
    )


def test_siti_has_a_sandbox_tiktok_account_and_verified_figures_even_when_run_twice(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", allow_production=True, stdout=StringIO())
    siti = CreatorProfile.objects.get(user__email="creator1@demo.portal.test")
    first = (figures_rows(), siti.figures_verified_at, siti.follower_count)

    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", allow_production=True, stdout=out)

    account = LinkedAccount.objects.get(user__email="creator1@demo.portal.test")
    assert account.status == "active"
    siti.refresh_from_db()
    assert siti.figures_source == FigureSnapshot.Source.API
    assert siti.follower_count >= 10_000  # she still meets the Series rule
    assert (figures_rows(), siti.figures_verified_at, siti.follower_count) == first
    assert "tiktok" not in out.getvalue()
    dewi = CreatorProfile.objects.get(user__email="creator3@demo.portal.test")
    assert dewi.figures_source == FigureSnapshot.Source.FORM
