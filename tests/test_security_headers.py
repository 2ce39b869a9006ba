"""Security headers and cookies: a Content-Security-Policy that allows no inline
script, no framing, HSTS, nosniff, a referrer policy, and secure cookies in
production mode."""

import json
import re
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.creators.factories import CreatorProfileFactory
from tests.factories import DEFAULT_PASSWORD, StaffFactory, UserFactory
from tests.test_production_settings import production_env, run_manage

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"

PRODUCTION_SECURITY_SETTINGS = [
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "X_FRAME_OPTIONS",
]


def policy(response):
    """The Content-Security-Policy header as ``{directive: [sources]}``."""
    directives = {}
    for part in response.headers["Content-Security-Policy"].split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


@pytest.fixture(scope="module")
def production_settings():
    """The security settings as ``DEBUG=0`` with production values leaves them."""
    names = PRODUCTION_SECURITY_SETTINGS
    code = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name) for name in {names!r}}}))"
    )
    result = run_manage("shell", "--no-imports", "-c", code, **production_env())
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["home", "account_login", "account_signup"])
def test_pages_allow_scripts_only_from_the_site_itself(client, url_name):
    response = client.get(reverse(url_name))

    directives = policy(response)
    assert directives["script-src"] == ["'self'"]
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response.headers["Content-Security-Policy"]


@pytest.mark.django_db
def test_pages_refuse_to_be_framed_by_any_site(client):
    response = client.get(reverse("home"))

    assert policy(response)["frame-ancestors"] == ["'none'"]
    assert response.headers["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_pages_forbid_content_sniffing_and_keep_the_referrer_on_the_site(client):
    response = client.get(reverse("home"))

    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_logged_in_pages_and_the_admin_carry_the_policy_too(client):
    client.force_login(StaffFactory())

    for url in [reverse("dashboard"), reverse("admin:index"), reverse("healthz")]:
        response = client.get(url, follow=True)
        assert policy(response)["script-src"] == ["'self'"], url


def test_production_mode_secures_cookies_and_turns_on_hsts(production_settings):
    assert production_settings["SESSION_COOKIE_SECURE"] is True
    assert production_settings["SESSION_COOKIE_HTTPONLY"] is True
    assert production_settings["CSRF_COOKIE_SECURE"] is True
    assert production_settings["SECURE_SSL_REDIRECT"] is True
    assert production_settings["SECURE_HSTS_SECONDS"] >= 365 * 24 * 60 * 60
    assert production_settings["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True


@pytest.mark.django_db
def test_with_production_settings_a_login_sets_secure_http_only_cookies_and_hsts(
    client, settings, production_settings
):
    for name, value in production_settings.items():
        setattr(settings, name, tuple(value) if isinstance(value, list) else value)
    UserFactory(email="siti@example.com")
    https = {"secure": True}

    login_page = client.get(reverse("account_login"), **https)
    response = client.post(
        reverse("account_login"),
        {"login": "siti@example.com", "password": DEFAULT_PASSWORD},
        **https,
    )

    assert response.status_code == 302
    session_cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert session_cookie["secure"] is True
    assert session_cookie["httponly"] is True
    csrf_cookie = login_page.cookies[settings.CSRF_COOKIE_NAME]
    assert csrf_cookie["secure"] is True
    assert response.headers["Strict-Transport-Security"] == (
        f"max-age={production_settings['SECURE_HSTS_SECONDS']}; includeSubDomains; preload"
    )


@pytest.mark.django_db
def test_with_production_settings_plain_http_is_redirected_to_https(
    client, settings, production_settings
):
    settings.SECURE_SSL_REDIRECT = production_settings["SECURE_SSL_REDIRECT"]

    response = client.get(reverse("home"))

    assert response.status_code == 301
    assert response.url.startswith("https://")


def template_files():
    return sorted(TEMPLATES_DIR.rglob("*.html"))


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"javascript:", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.IGNORECASE)


@pytest.mark.parametrize(
    "pattern",
    [INLINE_SCRIPT, EVENT_HANDLER, JAVASCRIPT_URL, STYLE_ATTRIBUTE],
    ids=["inline script", "on* handler", "javascript: URL", "style attribute"],
)
def test_no_template_holds_what_the_policy_would_block(pattern):
    offenders = [
        f"{path.relative_to(TEMPLATES_DIR)}: {match.group(0).strip()}"
        for path in template_files()
        for match in pattern.finditer(path.read_text())
    ]

    assert offenders == []


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_the_browser_reports_no_policy_violation_and_bootstrap_still_works(phone_page):
    profile = CreatorProfileFactory(user__email="siti@example.com")
    violations = []
    phone_page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )

    phone_page.goto("/accounts/login/")
    phone_page.get_by_label("Email").fill(profile.user.email)
    phone_page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    phone_page.get_by_role("button", name="Sign In").click()
    expect(phone_page.get_by_role("heading", name="Creator dashboard")).to_be_visible()
    # The collapsed menu opens only if Bootstrap's script ran under the policy.
    phone_page.get_by_role("button", name="Toggle navigation").click()
    expect(phone_page.locator("#main-menu")).to_be_visible()

    assert violations == []
