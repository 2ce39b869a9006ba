"""Lists count their rows only when the page needs the count: a list that fits
on its first page is counted by its length, a longer one as before, and a
count read already is used as it is."""

import pytest

from core.models import User
from core.pagination import EstimatedCountPaginator, Paginator, page_of
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def users():
    return User.objects.order_by("pk")


def test_a_list_that_fits_on_its_first_page_is_read_in_one_query(django_assert_num_queries):
    made = UserFactory.create_batch(3)

    with django_assert_num_queries(1):
        page = page_of(users(), None, 5)
        shown = list(page)
        pages = (page.paginator.count, page.paginator.num_pages, page.has_next())

    assert shown == made
    assert pages == (3, 1, False)


def test_an_empty_list_is_one_empty_first_page(django_assert_num_queries):
    with django_assert_num_queries(1):
        page = page_of(users(), "1", 5)
        assert (list(page), page.paginator.count, page.has_other_pages()) == ([], 0, False)


def test_a_longer_list_is_counted_when_the_page_asks(django_assert_num_queries):
    made = UserFactory.create_batch(7)

    with django_assert_num_queries(2):
        page = page_of(users(), 1, 5)
        assert list(page) == made[:5]
        assert (page.paginator.count, page.paginator.num_pages, page.has_next()) == (7, 2, True)


def test_later_pages_and_page_numbers_past_the_end_work_as_django_does():
    made = UserFactory.create_batch(7)

    assert list(page_of(users(), "2", 5)) == made[5:]
    assert list(page_of(users(), "99", 5)) == made[5:]
    assert list(page_of(users(), "zero", 5)) == made[:5]


def test_a_count_read_already_is_used_as_it_is(django_assert_num_queries):
    made = UserFactory.create_batch(7)

    with django_assert_num_queries(1):
        page = page_of(users(), "2", 5, count=7)
        assert list(page) == made[5:]
        assert page.paginator.num_pages == 2


def test_the_first_page_can_be_read_in_another_shape_and_counts_the_list(
    django_assert_num_queries,
):
    made = UserFactory.create_batch(3)
    paginator = Paginator(users(), 5)

    with django_assert_num_queries(1):
        rows = paginator.first_page_rows(users().values_list("pk", "email"))
        assert (paginator.count, paginator.num_pages) == (3, 1)

    assert rows == [(user.pk, user.email) for user in made]


def test_an_estimated_list_on_one_page_is_counted_by_its_rows(django_assert_num_queries):
    UserFactory.create_batch(3)
    paginator = EstimatedCountPaginator(users(), 5)

    with django_assert_num_queries(1):
        assert len(paginator.page(1)) == 3
        assert (paginator.count, paginator.estimated) == (3, False)


def test_a_page_read_when_shown_reads_its_rows_only_when_iterated():
    from core.pagination import page_read_when_shown

    built = []

    def rows():
        built.append(1)
        return list(range(30))

    page = page_read_when_shown(rows, "9", 12, count=30)  # past the end: the last page

    assert (page.number, page.paginator.num_pages, page.has_previous()) == (3, 3, True)
    assert built == []
    assert list(page) == [24, 25, 26, 27, 28, 29]
    assert built == [1]
