"""The studio is kept whole under the versions of what it shows
(``series.studio_page``): whether the creator may sell Series (the creator's
version, the names' version) and their Series, episodes and review
submissions (``page_version.creator_version``). A returning creator's studio
reads nothing of its own, and every change shows at once."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from creators.models import ProgrammeApplication
from creators.services import change_application_status
from series.models import Purchase, Series, Submission
from series.services.catalogue import change_status, create_series, update_series
from series.services.episodes import delete_episode
from series.services.ratings import save_review
from series.services.review import decide_submission
from tests.creators.factories import ApplicationFactory, CreatorProfileFactory
from tests.factories import StaffFactory, UserFactory
from tests.series.factories import (
    EpisodeFactory,
    PublishedSeriesFactory,
    PurchaseFactory,
    SeriesFactory,
    approved_creator,
)

pytestmark = pytest.mark.django_db
STUDIO = reverse("series:studio")


def kept(client, path=STUDIO, **kwargs):
    """The studio read until it is kept (the first read only names the creator)."""
    client.get(path, **kwargs)
    return client.get(path, **kwargs).text


@pytest.mark.parametrize("count", [1, 8])
def test_a_returning_creators_studio_reads_nothing_of_its_own(
    client, django_assert_num_queries, count
):
    creator = approved_creator()
    client.force_login(creator.user)
    for series in SeriesFactory.create_batch(count, creator=creator):
        EpisodeFactory.create_batch(2, series=series)
    kept(client)

    # The session and the user only (both from Redis in production).
    with django_assert_num_queries(2):
        response = client.get(STUDIO)

    assert response.text.count("2 episodes") == count
    assert "New Series" in response.text


def assert_an_approval_opens_the_studio_at_once(client):
    """Staff approve a creator's application to the Series programme
    (creators.services.change_application_status) while the studio is kept."""
    staff = StaffFactory()
    application = ApplicationFactory(programme__slug="series", programme__name="Series")
    client.force_login(application.profile.user)
    assert "New Series" not in kept(client)

    change_application_status(
        application=application,
        changed_by=staff,
        status=ProgrammeApplication.Status.APPROVED,
    )

    assert "New Series" in client.get(STUDIO).text


def test_an_approved_series_application_opens_the_studio_at_once(client):
    assert_an_approval_opens_the_studio_at_once(client)


def test_a_renamed_repriced_series_shows_at_once(client):
    creator = approved_creator()
    series = SeriesFactory(creator=creator, title="Rendang")
    client.force_login(creator.user)
    assert "Rendang" in kept(client)

    update_series(
        series=series,
        title="Rendang in ten steps",
        description=series.description,
        price=Decimal("60000"),
        currency="IDR",
    )

    page = client.get(STUDIO).text
    assert "Rendang in ten steps" in page and "Rp 60,000" in page


def test_a_new_episode_and_a_rating_show_at_once(client):
    creator = approved_creator()
    series = PublishedSeriesFactory(creator=creator)
    EpisodeFactory(series=series)
    client.force_login(creator.user)
    assert "2 episodes" not in kept(client)

    EpisodeFactory(series=series)
    buyer = UserFactory()
    PurchaseFactory(series=series, buyer=buyer, status=Purchase.Status.PAID)
    save_review(series=series, buyer=buyer, stars=4)

    page = client.get(STUDIO).text
    assert "2 episodes" in page
    assert "★ 4.0 (1 rating)" in page


def test_two_creators_never_share_their_studio(client):
    first = approved_creator()
    second = CreatorProfileFactory()
    SeriesFactory(creator=first, title="Rendang by Ibu Sari")
    client.force_login(first.user)
    assert "Rendang by Ibu Sari" in kept(client)

    client.force_login(second.user)
    page = kept(client)

    assert "Rendang by Ibu Sari" not in page and "New Series" not in page


def test_with_the_cache_down_the_studio_is_read_and_current(client, cache_down):
    assert_an_approval_opens_the_studio_at_once(client)


def test_the_studio_pages_its_series_and_answers_odd_page_numbers(client):
    from series.views.common import PAGE_SIZE

    creator = approved_creator()
    SeriesFactory.create_batch(PAGE_SIZE + 1, creator=creator)
    client.force_login(creator.user)

    first = client.get(STUDIO)
    second = client.get(STUDIO, {"page": 2})
    past_the_end = client.get(STUDIO, {"page": 9})
    not_a_number = client.get(STUDIO, {"page": "x"})

    assert first.context["series_page"].paginator.num_pages == 2
    assert len(first.context["series_page"]) == PAGE_SIZE
    assert len(second.context["series_page"]) == 1
    assert past_the_end.context["series_page"].number == 2
    assert not_a_number.context["series_page"].number == 1


def test_the_studio_sorts_by_rating_with_the_unrated_last(client):
    creator = approved_creator()
    SeriesFactory(creator=creator, title="Unrated")
    SeriesFactory(creator=creator, title="Liked", rating_count=3, rating_average=Decimal("4.5"))
    SeriesFactory(creator=creator, title="Loved", rating_count=2, rating_average=Decimal("5"))
    client.force_login(creator.user)

    page = client.get(reverse("series:studio_by_rating")).text

    assert page.index("Loved") < page.index("Liked") < page.index("Unrated")


def test_each_language_gets_its_own_studio_rows(client):
    creator = approved_creator()
    SeriesFactory(creator=creator)
    client.force_login(creator.user)

    assert "not rated yet" in kept(client, headers={"accept-language": "en"})
    client.cookies["django_language"] = "id"
    assert "not rated yet" not in kept(client)


def jpeg_cover():
    image = io.BytesIO()
    Image.new("RGB", (40, 30), "orange").save(image, "JPEG")
    return SimpleUploadedFile("cover.jpg", image.getvalue(), content_type="image/jpeg")


def test_a_new_series_and_a_deleted_episode_show_at_once(client):
    creator = approved_creator()
    draft = SeriesFactory(creator=creator, title="Sambal")
    first, _second = EpisodeFactory.create_batch(2, series=draft)
    client.force_login(creator.user)
    assert "2 episodes" in kept(client)

    create_series(
        creator=creator,
        title="Soto Betawi",
        description="Five bowls.",
        cover=jpeg_cover(),
        price=Decimal("40000"),
        currency="IDR",
    )
    delete_episode(episode=first)

    page = client.get(STUDIO).text
    assert "Soto Betawi" in page and "Rp 40,000" in page
    assert "1 episode" in page and "2 episodes" not in page


def reject_pending(series, reason):
    """Staff reject the Series' pending submission (series.services.review)."""
    pending = Submission.objects.get(series=series, status=Submission.Status.PENDING)
    decide_submission(submission=pending, staff=StaffFactory(), approve=False, reason=reason)


def test_a_submission_its_withdrawal_and_its_rejection_show_at_once(client):
    creator = approved_creator()
    series = SeriesFactory(creator=creator)
    EpisodeFactory(series=series)
    client.force_login(creator.user)
    assert "Draft" in kept(client)

    change_status(series=series, to_status=Series.Status.IN_REVIEW, changed_by=creator.user)
    assert "In review" in kept(client)
    change_status(series=series, to_status=Series.Status.DRAFT, changed_by=creator.user)
    assert "In review" not in kept(client)

    change_status(series=series, to_status=Series.Status.IN_REVIEW, changed_by=creator.user)
    assert "In review" in kept(client)
    reject_pending(series, "The cover is blurry.")

    assert "Not approved: The cover is blurry." in client.get(STUDIO).text


def test_changes_sent_for_review_and_their_rejection_show_at_once(client):
    creator = approved_creator()
    series = PublishedSeriesFactory(creator=creator, title="Rendang")
    EpisodeFactory(series=series)
    client.force_login(creator.user)
    assert "Changes waiting for review" not in kept(client)

    # Only a submission changes: the approved Series stays as it was.
    update_series(
        series=series,
        title="Rendang, the long way",
        description=series.description,
        price=series.price,
        currency=series.currency,
        submitted_by=creator.user,
    )
    assert "Changes waiting for review" in kept(client)

    reject_pending(series, "Keep the old title.")

    assert "Not approved: Keep the old title." in client.get(STUDIO).text


def test_each_page_and_order_of_the_studio_is_kept_apart(client):
    from series.views.common import PAGE_SIZE

    creator = approved_creator()
    SeriesFactory(creator=creator, title="The oldest", rating_count=1, rating_average=5)
    SeriesFactory.create_batch(PAGE_SIZE - 1, creator=creator)
    SeriesFactory(creator=creator, title="The newest")
    client.force_login(creator.user)

    first, second = kept(client), kept(client, STUDIO, data={"page": 2})
    by_rating = kept(client, reverse("series:studio_by_rating"))

    assert "The newest" in first and "The oldest" not in first
    assert "The oldest" in second and "The newest" not in second
    assert "The oldest" in by_rating
