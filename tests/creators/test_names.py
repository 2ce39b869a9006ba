"""Staff-managed names (niches, languages, regions, programmes) in the page's language."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from creators.models import Language, Niche, Programme, Region
from tests.creators.factories import ApplicationFactory, EligibleCreatorFactory, series
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db

INDONESIAN = {"Accept-Language": "id"}
ENGLISH = {"Accept-Language": "en"}


def test_every_shipped_row_has_an_indonesian_name():
    for model in (Niche, Language, Region, Programme):
        assert not model.objects.filter(name_id="").exists(), model


def test_the_shipped_indonesian_names_are_proper_indonesian():
    assert Niche.objects.get(slug="food").name_id == "Kuliner"
    assert Niche.objects.get(slug="beauty").name_id == "Kecantikan"
    assert Region.objects.get(code="US").name_id == "Amerika Serikat"
    assert Language.objects.get(slug="en").name_id == "Bahasa Inggris"
    assert Programme.objects.get(slug="creativity").name_id == "Program Kreativitas"


def test_a_name_is_given_in_the_active_language_and_falls_back_to_the_other():
    food = Niche.objects.get(slug="food")
    untranslated = Niche.objects.create(name="Pets", name_id="", slug="pets")

    with translation.override("id"):
        assert str(food) == food.label == "Kuliner"
        assert untranslated.label == "Pets"
    with translation.override("en"):
        assert str(food) == "Food & culinary"
        untranslated.name_id, untranslated.name = "Hewan peliharaan", ""
        assert untranslated.label == "Hewan peliharaan"


def test_lists_are_ordered_by_the_displayed_name():
    with translation.override("id"):
        indonesian = [region.label for region in Region.objects.all()]
        choices = [label for _pk, label in Region.objects.choices()]
    with translation.override("en"):
        english = [region.label for region in Region.objects.all()]

    assert indonesian == sorted(indonesian) and indonesian[0] == "Amerika Serikat"
    assert choices == indonesian
    assert english == sorted(english) and english[0] == "Brazil"


def _creator_with_food():
    profile = EligibleCreatorFactory(handle="siti", country=Region.objects.get(code="ID"))
    profile.niches.set(Niche.objects.filter(slug="food"))
    return profile


def test_the_media_kit_shows_the_niche_in_the_visitors_language():
    _creator_with_food()
    url = reverse("creators:media_kit", args=["siti"])

    indonesian = Client(headers=INDONESIAN).get(url)
    english = Client(headers=ENGLISH).get(url)

    assert "Kuliner" in indonesian.text and "Food &amp; culinary" not in indonesian.text
    assert "Food &amp; culinary" in english.text and "Kuliner" not in english.text


def test_the_profile_form_offers_regions_in_the_creators_language(client):
    profile = _creator_with_food()
    client.force_login(profile.user)

    indonesian = client.get(reverse("creators:edit_profile"), headers=INDONESIAN)
    english = client.get(reverse("creators:edit_profile"), headers=ENGLISH)

    us = Region.objects.get(code="US").pk
    assert f'<option value="{us}">Amerika Serikat</option>' in indonesian.text
    assert f'<option value="{us}">United States</option>' in english.text


def test_the_dashboard_checklist_names_the_programme_in_the_creators_language(client):
    profile = _creator_with_food()
    client.force_login(profile.user)

    indonesian = client.get(reverse("creators:dashboard"), headers=INDONESIAN)
    english = client.get(reverse("creators:dashboard"), headers=ENGLISH)

    assert "Program Kreativitas" in indonesian.text
    assert "Penghargaan Pencipta Efek" in indonesian.text
    assert "Creativity Program" not in indonesian.text
    assert "Creativity Program" in english.text and "Program Kreativitas" not in english.text


def test_staff_save_both_names_and_search_either(client):
    client.force_login(StaffFactory())

    response = client.post(
        reverse("admin:creators_niche_add"),
        {"name_id": "Hewan peliharaan", "name": "Pets", "slug": "pets"},
    )

    assert response.status_code == 302
    pets = Niche.objects.get(slug="pets")
    assert (pets.name_id, pets.name) == ("Hewan peliharaan", "Pets")
    changelist = reverse("admin:creators_niche_changelist")
    assert "pets" in client.get(changelist, {"q": "peliharaan"}).text
    assert "pets" in client.get(changelist, {"q": "Pets"}).text


def test_staff_must_give_both_names(client):
    client.force_login(StaffFactory())

    response = client.post(
        reverse("admin:creators_region_add"), {"name": "Canada", "name_id": "", "code": "CA"}
    )

    assert response.status_code == 200
    assert not Region.objects.filter(code="CA").exists()


def test_staff_rename_a_programme_in_indonesian(client):
    client.force_login(StaffFactory())
    page = client.get(reverse("admin:creators_programme_change", args=[series().pk]))

    assert 'name="name_id"' in page.text and 'name="description_id"' in page.text


def test_the_review_queue_sorts_by_the_region_as_staff_read_it(client):
    ApplicationFactory(profile__handle="in-jepang", profile__country=Region.objects.get(code="JP"))
    ApplicationFactory(profile__handle="in-jerman", profile__country=Region.objects.get(code="DE"))
    client.force_login(StaffFactory())
    queue = reverse("admin:creators_programmeapplication_changelist")

    indonesian = client.get(queue, {"o": "5"}, headers=INDONESIAN).text
    english = client.get(queue, {"o": "5"}, headers=ENGLISH).text

    # Jepang before Jerman; Germany before Japan.
    assert indonesian.index("in-jepang") < indonesian.index("in-jerman")
    assert english.index("in-jerman") < english.index("in-jepang")


@pytest.mark.parametrize("headers", [INDONESIAN, ENGLISH])
def test_names_in_either_language_cost_no_extra_query(client, django_assert_num_queries, headers):
    profile = _creator_with_food()
    client.force_login(profile.user)

    # The same counts as with names in one language (the dashboard's: see
    # test_dashboard, less the page of applications: this creator has none).
    with django_assert_num_queries(8):
        client.get(reverse("creators:dashboard"), headers=headers)
    with django_assert_num_queries(5):
        Client(headers=headers).get(reverse("creators:media_kit", args=["siti"]))
