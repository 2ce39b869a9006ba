"""An anonymous visitor's public Series pages are kept whole, as their final
bytes (``series.public_pages``): each visitor still gets a CSRF token of their
own that passes the check, a message still shows, the forms' ``next`` is the
address as given, and a signed-in visitor, another language or another
address never gets a page kept for someone else."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from core import versions
from creators.services import update_profile
from series import public_pages
from series.models import Submission
from series.services import ratings
from series.services.catalogue import update_series
from series.services.review import decide_submission
from tests.factories import UserFactory
from tests.series.factories import EpisodeFactory, PublishedSeriesFactory, PurchaseFactory
from tests.series.helpers import without_csrf

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]*)"')
NEXT = re.compile(r'name="next" type="hidden" value="([^"]*)"')


def visitor(language="en", **options):
    return Client(headers={"accept-language": language}, **options)


def addresses(series):
    return [
        reverse("series:index"),
        series.get_absolute_url(),
        reverse("series:by_creator", args=[series.creator.handle]),
    ]


@pytest.fixture
def series():
    series = PublishedSeriesFactory(title="Bakso", creator__display_name="Ibu Sari")
    EpisodeFactory(series=series, is_free_preview=True)
    return series


def kept(url):
    """``url`` read until an anonymous visitor's page is kept whole (a
    creator's page is kept from its second view), then once more."""
    for _ in range(2):
        visitor().get(url)
    return visitor().get(url)


def test_a_kept_page_renders_no_template(series):
    for url in addresses(series):
        response = kept(url)

        assert response.status_code == 200
        assert response.templates == [], url
        assert "Bakso" in response.text


def test_a_new_title_approved_by_staff_shows_on_every_kept_page_at_once(series, staff):
    for url in addresses(series):
        kept(url)
    update_series(
        series=series,
        title="Bakso Malang",
        description=series.description,
        price=series.price,
        currency=series.currency,
    )
    assert all("Bakso Malang" not in visitor().get(url).text for url in addresses(series))

    decide_submission(
        submission=series.submissions.get(status=Submission.Status.PENDING),
        staff=staff,
        approve=True,
    )

    for url in addresses(series):
        assert "Bakso Malang" in visitor().get(url).text, url


def test_a_new_review_shows_on_every_kept_page_at_once(series):
    for url in addresses(series):
        assert "No ratings yet." in kept(url).text

    ratings.save_review(series=series, buyer=PurchaseFactory(series=series).buyer, stars=4)

    for url in addresses(series):
        text = visitor().get(url).text
        # the cards' rating, or the Series page's
        assert "4.0 (1 rating)" in text or "4.0 out of 5 from 1 rating" in text, url
        assert "No ratings yet." not in text, url


def test_each_visitor_of_a_kept_page_gets_a_token_that_passes_the_check(series):
    for url in addresses(series):
        kept(url)
        browser = visitor(enforce_csrf_checks=True)
        first, second = browser.get(url), browser.get(url)
        tokens = TOKEN.findall(first.text) + TOKEN.findall(second.text)

        # masked anew on each response, all of the visitor's own secret
        assert set(TOKEN.findall(first.text)).isdisjoint(TOKEN.findall(second.text)), url
        assert first.templates == [] and "csrftoken" in first.cookies
        for token in tokens:
            switched = browser.post(
                reverse("set_language"),
                {"language": "id", "next": url, "csrfmiddlewaretoken": token},
            )
            assert switched.status_code == 302, url


def test_a_message_shows_on_a_kept_page(series):
    url = reverse("series:index")
    kept(url)
    browser = visitor()
    browser.force_login(UserFactory())
    browser.post(reverse("account_logout"))

    shown = browser.get(url)
    after = browser.get(url)

    assert "You have signed out." in shown.text
    assert "You have signed out." not in after.text
    assert without_csrf(after.text) == without_csrf(kept(url).text)


def test_signed_in_and_anonymous_visitors_never_share_a_page(series):
    user = UserFactory(email="budi@example.com")
    for url in addresses(series):
        anonymous = kept(url).text
        browser = visitor()
        browser.force_login(user)

        signed_in = browser.get(url).text
        again = visitor().get(url).text

        assert "budi@example.com" in signed_in and "Log in" not in signed_in, url
        assert "budi@example.com" not in again and "Log in" in again, url
        assert without_csrf(again) == without_csrf(anonymous)


def test_each_language_is_kept_apart(series):
    for url in addresses(series):
        kept(url)
        indonesian = visitor("id").get(url).text
        english = visitor("en").get(url).text

        assert 'lang="id"' in indonesian and "Masuk" in indonesian, url
        assert 'lang="en"' in english and "Log in" in english, url


def test_the_forms_next_is_the_address_as_given(series):
    url = reverse("series:index")
    for query in ["sort=rating&page=1", "page=1&sort=rating"]:
        kept(f"{url}?{query}")

        text = visitor().get(f"{url}?{query}").text

        assert set(NEXT.findall(text)) == {f"{url}?{query.replace('&', '&amp;')}"}


def test_a_creators_page_read_before_its_versions_is_not_kept(monkeypatch, series):
    """The first view of a handle reads whose it is, and the profile with
    it, before it can read that profile's versions: a change committed in
    between must not stay on the page."""
    profile = series.creator
    url = reverse("series:by_creator", args=[profile.handle])
    read_versions = versions.current_many

    def renamed_meanwhile(names, found=None):
        monkeypatch.setattr(versions, "current_many", read_versions)
        update_profile(profile=profile, details={"display_name": "Dapur Sari"})
        return read_versions(names, found)

    monkeypatch.setattr(versions, "current_many", renamed_meanwhile)
    first = visitor().get(url).text  # read, then renamed, then its versions read

    assert "Ibu Sari" in first
    assert "Dapur Sari" in visitor().get(url).text
    assert "Dapur Sari" in visitor().get(url).text


def test_text_a_page_shows_is_never_taken_for_the_token(series):
    series.creator.bio = f'name="csrfmiddlewaretoken" value="{public_pages._TOKEN_STAND_IN}"'
    series.creator.save()

    text = kept(reverse("series:by_creator", args=[series.creator.handle])).text

    assert public_pages._TOKEN_STAND_IN in text
    assert len(TOKEN.findall(text)) == 2  # the language switcher's and the follow button's


def test_a_handle_taken_by_another_creator_is_kept_under_the_new_owners_versions(
    series, django_assert_num_queries
):
    first = series.creator
    handle = first.handle
    url = reverse("series:by_creator", args=[handle])
    kept(url)
    update_profile(profile=first, details={"handle": f"{handle}-lama"})
    second = PublishedSeriesFactory(creator__display_name="Pak Budi").creator
    update_profile(profile=second, details={"handle": handle})

    for _ in range(2):  # the new owner found, then read after their versions
        assert "Pak Budi" in visitor().get(url).text

    with django_assert_num_queries(0):
        text = visitor().get(url).text
    assert "Pak Budi" in text and "Ibu Sari" not in text
