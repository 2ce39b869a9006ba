"""Fixtures shared by the whole suite.

Services: PostgreSQL, Redis and Chromium are used when present. With ``CI=true``
their absence fails the test instead of skipping it (see ``require``).
"""

import os
import shutil
import zlib
from importlib import import_module
from pathlib import Path

import factory.random
import pytest
from django.core.cache import caches
from django.utils import translation

from portal.celery import app as celery_app

# Fixtures for tests that start a real Celery worker (worker, broker, broker_env, not_eager),
# and a local fake of TikTok's API (fake_tiktok).
pytest_plugins = ["tests.celery_workers", "tests.fakes.tiktok", "tests.fakes.xendit"]

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def require(available, what):
    """Skip a test whose service is missing, except in CI, where that is a failure."""
    if available:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} is required when CI=true but is not available.")
    pytest.skip(f"{what} is not available on this machine.")


def pytest_configure(config):
    # Tests run tasks in-process; tests marked `worker` start a real worker instead.
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True


@pytest.fixture(autouse=True)
def _reference_rows(request):
    """Transactional tests (real workers, live servers) end by emptying every
    table, the rows the data migrations ship included (regions, niches,
    languages, programmes). Each one starts by shipping them again, so no test
    depends on which transactional test ran before it."""
    marker = request.node.get_closest_marker("django_db")
    transactional = (marker is not None and marker.kwargs.get("transaction")) or {
        "transactional_db",
        "live_server",
    } & set(request.fixturenames)
    if not transactional:
        return
    request.getfixturevalue("transactional_db")
    from django.apps import apps

    from creators.models import Region

    if not Region.objects.exists():
        import_module("creators.migrations.0003_ship_programmes").ship(apps, None)
        import_module("creators.migrations.0010_indonesian_names_and_programme_data").ship(
            apps, None
        )


@pytest.fixture(autouse=True)
def _same_fake_data(request):
    """Each test gets the same generated names and companies on every run (the
    seed is its own id), so a test that passes once passes again, and one that
    fails does so every time rather than in one CI run out of many."""
    factory.random.reseed_random(zlib.crc32(request.node.nodeid.encode()))


@pytest.fixture
def english():
    """Pages and messages made in the test's own thread are in English, whatever
    the site's default language (a test folder's conftest makes it autouse)."""
    with translation.override("en"):
        yield


@pytest.fixture
def client():
    """The test client of a browser that asks for English (the site's default is Indonesian)."""
    from django.test import Client

    return Client(headers={"Accept-Language": "en"})


@pytest.fixture(autouse=True)
def _file_roots(settings, tmp_path):
    """Uploads (photos, logos, covers, episode files) go to this test's own
    folders, never into the checkout's media/ and private/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SERIES_PRIVATE_ROOT = tmp_path / "private"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Factories give every user a password; hashing it the production way costs
    a third of a second per user. Tests are not about the hasher's strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _sessions_in_the_database(settings):
    """Sessions in the database whatever the cache: the pinned query counts
    count the session's query. With Redis the portal reads sessions from the
    cache (core.sessions), which tests/core/test_sessions.py covers."""
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"


@pytest.fixture(autouse=True)
def _shared_versions(settings):
    """Versions of shared data as with Redis: the tests run in one process, so
    its own cache holds the versions every request reads (without Redis the
    portal keeps nothing under them: tests/core/test_versions.py)."""
    settings.SHARED_VERSIONS = True


@pytest.fixture(autouse=True)
def _users_from_the_database(settings):
    """The signed-in person's row from the database whatever the cache: the
    pinned query counts count the user's query. With Redis the portal keeps the
    row in the cache (core.auth), which tests/core/test_user_cache.py covers."""
    settings.AUTH_USER_CACHE_SECONDS = 0


@pytest.fixture
def cache_down(settings):
    """The cache is the portal's Redis cache pointed where no Redis listens."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "core.cache.RedisCache",
            # Port 9 (discard) has no Redis: every call fails to connect at once.
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        },
    }


@pytest.fixture(autouse=True)
def _clean_cache():
    """Rate-limit counters live in the cache, rendered fragments in their own:
    each test starts with none."""
    for alias in ("default", "fragments"):
        caches[alias].clear()
    yield
    for alias in ("default", "fragments"):
        caches[alias].clear()


@pytest.fixture(scope="session")
def browser():
    require(Path(CHROMIUM).exists() or shutil.which(CHROMIUM), f"Chromium at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the live server's
    # ORM calls happen in another thread, so Django's async guard does not apply.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser tab (English, desktop size) pointed at the live server."""
    context = browser.new_context(base_url=live_server.url, locale="en-US")
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    context.close()


@pytest.fixture
def tab_for(browser, live_server):
    """``tab_for(user)``: a browser tab of its own (English, desktop size) in
    which ``user`` has logged in through the login page, as a person would."""
    from playwright.sync_api import expect

    from tests.factories import DEFAULT_PASSWORD

    contexts = []

    def open_tab(user):
        context = browser.new_context(base_url=live_server.url, locale="en-US")
        contexts.append(context)
        tab = context.new_page()
        tab.set_default_timeout(15_000)
        tab.goto("/accounts/login/")
        tab.get_by_label("Email").fill(user.email)
        tab.get_by_label("Password").fill(DEFAULT_PASSWORD)
        tab.get_by_role("button", name="Sign In").click()
        expect(tab.get_by_role("button", name="Account")).to_be_visible()
        return tab

    yield open_tab
    for context in contexts:
        context.close()


@pytest.fixture
def phone_page(browser, live_server):
    """A fresh browser tab the size of a phone, in English."""
    context = browser.new_context(
        base_url=live_server.url,
        locale="en-US",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    context.close()


@pytest.fixture
def axe_violations():
    """``axe_violations(page)``: axe-core's serious and critical violations on the page."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(tab):
        results = axe.run(tab)
        return [
            f"{violation['id']} ({violation['impact']}): {violation['help']}"
            for violation in results.response["violations"]
            if violation["impact"] in {"serious", "critical"}
        ]

    return check


def pytest_sessionfinish(session, exitstatus):
    """In CI every test is required: a skipped test fails the run."""
    if os.environ.get("CI") != "true":
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped and session.exitstatus == 0:
        reporter.write_line(f"CI=true: {len(skipped)} test(s) were skipped; failing the run.")
        session.exitstatus = 1
