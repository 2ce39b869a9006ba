"""Versions of data that cached fragments show (core.versions): a change gives
a new token at once and again when its transaction commits, and an unreachable
cache gives no token, so that nothing is cached on it."""

import pytest

from core import versions

pytestmark = pytest.mark.django_db


def test_a_version_stays_the_same_until_it_is_bumped():
    first = versions.current("names")

    assert versions.current("names") == first
    versions.bump("names")
    assert versions.current("names") not in (None, first)


def test_each_name_has_its_own_version():
    names = versions.current("names")

    versions.bump("programmes")

    assert versions.current("names") == names


def test_the_version_changes_again_when_the_transaction_commits(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        versions.bump("names")
        during = versions.current("names")

    assert versions.current("names") not in (None, during)


def test_no_version_when_the_cache_is_down(cache_down):
    versions.bump("names")  # logged, not raised

    assert versions.current("names") is None


def test_many_versions_read_together_are_the_same_as_one_by_one():
    versions.bump("programmes")

    assert versions.current_many(["names", "programmes"]) == [
        versions.current("names"),
        versions.current("programmes"),
    ]


def test_a_kept_read_is_read_again_once_any_of_its_versions_moves_on():
    reads = []

    def read():
        reads.append(len(reads))
        return len(reads)

    assert versions.kept("list", ["names", "programmes"], read) == 1
    assert versions.kept("list", ["names", "programmes"], read) == 1
    versions.bump("programmes")
    assert versions.kept("list", ["names", "programmes"], read) == 2


def test_nothing_is_kept_when_the_cache_is_down(cache_down):
    reads = []

    versions.kept("list", ["names"], lambda: reads.append(1))
    versions.kept("list", ["names"], lambda: reads.append(1))

    assert versions.current_many(["names"]) is None
    assert reads == [1, 1]


def test_without_a_cache_every_process_shares_there_is_no_version(settings):
    settings.SHARED_VERSIONS = False  # no Redis: a worker's bump would not reach the web
    reads = []

    versions.kept("list", ["names"], lambda: reads.append(1))
    versions.kept("list", ["names"], lambda: reads.append(1))

    assert versions.current("names") is None
    assert versions.current_many(["names"]) is None
    assert reads == [1, 1]
