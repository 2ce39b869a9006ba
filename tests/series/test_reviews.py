"""Buyers' ratings and reviews: who may write them, once, the creator's one
answer, staff hiding one with a reason, and the stored average the pages show."""

from decimal import Decimal

import pytest
from django.contrib.admin.models import LogEntry
from django.db import IntegrityError, transaction
from django.urls import reverse

from series.models import Review, Series
from series.services.ratings import answer_review, hide_review, save_review, show_review
from series.services.refusals import NotAllowed, SeriesRefused
from series.services.sales import refund_purchase
from tests.factories import UserFactory
from tests.series.factories import EpisodeFactory, PurchaseFactory, SeriesFactory

pytestmark = pytest.mark.django_db


def bought(series=None, **buyer):
    """A purchase of ``series`` (or of a new Series with one episode)."""
    series = series or EpisodeFactory().series
    return PurchaseFactory(series=series, **{f"buyer__{k}": v for k, v in buyer.items()})


def rating(series):
    series = Series.objects.get(pk=series.pk)
    return series.rating_count, series.rating_average


def test_a_buyer_rates_and_reviews_and_the_average_is_stored():
    series = EpisodeFactory().series
    first, second = bought(series), bought(series)

    save_review(series=series, buyer=first.buyer, stars=5, text="Delicious.")
    save_review(series=series, buyer=second.buyer, stars=4)

    assert rating(series) == (2, Decimal("4.50"))


def test_a_buyer_reviews_once_and_edits_their_review():
    purchase = bought()

    save_review(series=purchase.series, buyer=purchase.buyer, stars=2, text="Meh.")
    save_review(series=purchase.series, buyer=purchase.buyer, stars=4, text="Grew on me.")

    review = Review.objects.get()
    assert (review.stars, review.text) == (4, "Grew on me.")
    assert rating(purchase.series) == (1, Decimal("4.00"))


def test_the_database_keeps_one_review_per_buyer():
    purchase = bought()
    save_review(series=purchase.series, buyer=purchase.buyer, stars=3)

    with pytest.raises(IntegrityError), transaction.atomic():
        Review.objects.create(series=purchase.series, buyer=purchase.buyer, stars=5)


@pytest.mark.parametrize("who", ["stranger", "creator"])
def test_only_buyers_can_review(who):
    series = EpisodeFactory().series
    user = UserFactory() if who == "stranger" else series.creator.user

    with pytest.raises(NotAllowed, match="Only people who bought this Series"):
        save_review(series=series, buyer=user, stars=5)

    assert rating(series) == (0, None)


@pytest.mark.parametrize("stars", [0, 6])
def test_stars_go_from_one_to_five(stars):
    purchase = bought()

    with pytest.raises(SeriesRefused):
        save_review(series=purchase.series, buyer=purchase.buyer, stars=stars)


def test_a_refund_removes_the_right_to_review_and_the_review_leaves_the_average(staff):
    series = EpisodeFactory().series
    kept, refunded = bought(series), bought(series)
    save_review(series=series, buyer=kept.buyer, stars=5)
    save_review(series=series, buyer=refunded.buyer, stars=1)

    refund_purchase(purchase=refunded, staff=staff)

    assert rating(series) == (1, Decimal("5.00"))
    hidden = Review.objects.get(buyer=refunded.buyer)
    assert (hidden.hidden_by, hidden.hidden_reason) == (staff, "The purchase was refunded.")
    with pytest.raises(NotAllowed):
        save_review(series=series, buyer=refunded.buyer, stars=3)


def test_the_creator_answers_a_review_once():
    purchase = bought()
    review = save_review(series=purchase.series, buyer=purchase.buyer, stars=4)
    creator = purchase.series.creator.user

    answer_review(review=review, creator_user=creator, text="Thank you!")

    with pytest.raises(SeriesRefused, match="already answered"):
        answer_review(review=review, creator_user=creator, text="Again")
    with pytest.raises(NotAllowed):
        answer_review(review=review, creator_user=purchase.buyer, text="Me too")
    assert Review.objects.get().answer == "Thank you!"


def test_staff_hide_a_review_with_a_reason_and_it_leaves_the_average(client, staff):
    series = EpisodeFactory().series
    fair, rude = bought(series), bought(series)
    save_review(series=series, buyer=fair.buyer, stars=4, text="Fair words.")
    review = save_review(series=series, buyer=rude.buyer, stars=1, text="Rude words.")

    with pytest.raises(SeriesRefused):
        hide_review(review=review, staff=staff, reason=" ")
    with pytest.raises(NotAllowed):
        hide_review(review=review, staff=rude.buyer, reason="Mine")
    hide_review(review=review, staff=staff, reason="Insults the creator.")

    assert rating(series) == (1, Decimal("4.00"))
    page = client.get(series.get_absolute_url())
    assert "Fair words." in page.text and "Rude words." not in page.text
    review.refresh_from_db()
    assert (review.hidden_by, review.hidden_reason) == (staff, "Insults the creator.")


def test_an_edited_hidden_review_stays_hidden(staff):
    purchase = bought()
    review = save_review(series=purchase.series, buyer=purchase.buyer, stars=1)
    hide_review(review=review, staff=staff, reason="Spam.")

    save_review(series=purchase.series, buyer=purchase.buyer, stars=5, text="Edited")

    assert Review.objects.get().is_hidden
    assert rating(purchase.series) == (0, None)


def test_staff_hide_a_review_in_the_admin(client, staff):
    purchase = bought()
    review = save_review(series=purchase.series, buyer=purchase.buyer, stars=1)
    client.force_login(staff)
    url = reverse("admin:series_review_change", args=[review.pk])

    form = client.get(url)
    response = client.post(url, {"hidden_reason": "Off topic."})

    assert form.status_code == 200
    assert response.status_code == 302
    review.refresh_from_db()
    assert (review.hidden_reason, review.hidden_by) == ("Off topic.", staff)
    assert rating(purchase.series) == (0, None)


def test_staff_show_a_review_hidden_by_mistake_again(client, staff):
    series = EpisodeFactory().series
    purchase = bought(series)
    review = save_review(series=series, buyer=purchase.buyer, stars=2, text="Honest.")
    hide_review(review=review, staff=staff, reason="Looked like spam.")

    with pytest.raises(NotAllowed):
        show_review(review=review, staff=purchase.buyer)
    assert show_review(review=review, staff=staff) == "Looked like spam."
    assert show_review(review=review, staff=staff) is None

    review.refresh_from_db()
    assert (review.is_hidden, review.hidden_by, review.hidden_reason) == (False, None, "")
    assert rating(series) == (1, Decimal("2.00"))
    assert "Honest." in client.get(series.get_absolute_url()).text


def test_staff_show_reviews_again_from_the_admin_but_not_a_refunded_buyers(client, staff):
    series = EpisodeFactory().series
    mistaken, refunded = bought(series), bought(series)
    mistake = save_review(series=series, buyer=mistaken.buyer, stars=5)
    gone = save_review(series=series, buyer=refunded.buyer, stars=1)
    hide_review(review=mistake, staff=staff, reason="Wrong button.")
    refund_purchase(purchase=refunded, staff=staff)
    client.force_login(staff)

    response = client.post(
        reverse("admin:series_review_changelist"),
        {"action": "show_again", "_selected_action": [mistake.pk, gone.pk]},
        follow=True,
    )

    shown = [str(message) for message in response.context["messages"]]
    assert "1 review is shown again." in shown
    assert any("no longer owns the Series" in message for message in shown)
    assert not Review.objects.get(pk=mistake.pk).is_hidden
    assert Review.objects.get(pk=gone.pk).is_hidden
    assert rating(series) == (1, Decimal("5.00"))
    # Beside the admin's record of the action, the log keeps why it had been hidden.
    logged = LogEntry.objects.get(
        object_id=str(mistake.pk), change_message__startswith="Shown again"
    )
    assert (logged.user, logged.change_message) == (
        staff,
        "Shown again (had been hidden: Wrong button.)",
    )
    assert not LogEntry.objects.filter(
        object_id=str(gone.pk), change_message__startswith="Shown again"
    ).exists()


# --- Pages ----------------------------------------------------------------


def test_a_buyer_posts_a_review_from_the_series_page(client):
    purchase = bought()
    client.force_login(purchase.buyer)

    form = client.get(purchase.series.get_absolute_url())
    response = client.post(
        reverse("series:review", args=[purchase.series_id]),
        {"stars": "4", "text": "Clear steps."},
        follow=True,
    )

    assert "Rate this Series" in form.text
    assert "Thank you: your review is saved." in response.text
    assert "4.0 out of 5 from 1 rating" in response.text
    assert "Edit your review" in response.text


def test_a_visitor_sees_no_review_form_and_cannot_post_one(client):
    series = EpisodeFactory().series
    client.force_login(UserFactory())

    page = client.get(series.get_absolute_url())
    client.post(reverse("series:review", args=[series.pk]), {"stars": "1"})

    assert "Rate this Series" not in page.text
    assert not Review.objects.exists()


def test_the_creator_answers_from_the_series_page(client):
    purchase = bought(full_name="Budi Santoso")
    review = save_review(series=purchase.series, buyer=purchase.buyer, stars=5)
    client.force_login(purchase.series.creator.user)
    answer_field = f"answer-{review.pk}-answer"

    page = client.get(purchase.series.get_absolute_url())
    response = client.post(
        reverse("series:answer_review", args=[purchase.series_id, review.pk]),
        {answer_field: "Terima kasih!"},
        follow=True,
    )

    assert "Your answer to Budi Santoso" in page.text
    assert "Terima kasih!" in response.text
    assert "Your answer to Budi Santoso" not in response.text


def test_another_creator_cannot_answer(client):
    purchase = bought()
    review = save_review(series=purchase.series, buyer=purchase.buyer, stars=5)
    client.force_login(EpisodeFactory().series.creator.user)

    response = client.post(
        reverse("series:answer_review", args=[purchase.series_id, review.pk]),
        {f"answer-{review.pk}-answer": "Not mine"},
    )

    assert response.status_code == 404
    assert Review.objects.get().answer == ""


def test_reviews_are_paginated(client):
    series = EpisodeFactory().series
    for number in range(13):
        purchase = bought(series)
        save_review(series=series, buyer=purchase.buyer, stars=5, text=f"Review {number}")

    first = client.get(series.get_absolute_url())
    second = client.get(series.get_absolute_url() + "?page=2")

    assert "Review 12" in first.text and "Review 0" not in first.text
    assert "Review 0" in second.text
    assert "5.0 out of 5 from 13 ratings" in first.text


@pytest.mark.parametrize("count", [1, 15])
def test_the_public_page_query_count_does_not_grow_with_reviews(
    client, django_assert_num_queries, count
):
    series = EpisodeFactory().series
    for _ in range(count):
        purchase = bought(series)
        save_review(series=series, buyer=purchase.buyer, stars=4, text="Clear steps, tasty result")

    # series with creator, episodes, running discount, reviews page (counted
    # by the Series' stored rating_count)
    with django_assert_num_queries(4):
        response = client.get(series.get_absolute_url())
    second_page = client.get(series.get_absolute_url() + "?page=2")

    # A phrase no generated name or title contains (Faker names such as
    # "Goodwin" once made a one-word marker count one too many).
    assert response.text.count("Clear steps, tasty result") == min(count, 12)
    assert second_page.text.count("Clear steps, tasty result") == (3 if count > 12 else count)


def test_the_creators_series_sort_by_rating(client):
    unrated = SeriesFactory(title="Unrated")
    creator = unrated.creator
    low = EpisodeFactory(series__creator=creator, series__title="Low").series
    high = EpisodeFactory(series__creator=creator, series__title="High").series
    for series, stars in ((low, 2), (high, 5)):
        purchase = bought(series)
        save_review(series=series, buyer=purchase.buyer, stars=stars)
    client.force_login(creator.user)

    response = client.get(reverse("series:studio_by_rating"))

    text = response.text
    assert text.index("High") < text.index("Low") < text.index("Unrated")
    assert "★ 5.0 (1 rating)" in text
