"""Every email a person can get is registered once, with its category and
whether it may be turned off, and renders in both languages."""

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail

from core.email_kinds import BY_PREFIX, CATEGORIES, KINDS, UnregisteredEmail
from core.emails import email_user, render_email
from tests.core.stand_ins import stand_in_context
from tests.factories import UserFactory

ROOT = Path(settings.BASE_DIR)


def templated_prefixes():
    """``app/emails/name`` for each ``templates/app/emails/name_subject.txt``."""
    return {
        str(path.relative_to(ROOT / "templates")).removesuffix("_subject.txt")
        for path in (ROOT / "templates").glob("*/emails/*_subject.txt")
    }


def prefixes_in_code():
    """Each ``app/emails/...`` string in the project's Python, f-strings as a
    pattern (``series/emails/{kind}`` becomes ``series/emails/.+``)."""
    found = set()
    for path in ROOT.glob("*/**/*.py"):
        if path.parts[len(ROOT.parts)] in {".venv", "tests", "node_modules"}:
            continue
        if path == ROOT / "core" / "email_kinds.py":
            continue  # the registry itself
        tree = ast.parse(path.read_text(encoding="utf-8"))
        # The literal pieces of an f-string are read with the f-string, not alone.
        pieces = {
            id(part)
            for node in ast.walk(tree)
            if isinstance(node, ast.JoinedStr)
            for part in node.values
        }
        for node in ast.walk(tree):
            if id(node) in pieces:
                continue
            if isinstance(node, ast.JoinedStr):
                text = "".join(
                    re.escape(part.value) if isinstance(part, ast.Constant) else ".+"
                    for part in node.values
                )
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                text = re.escape(node.value)
            else:
                continue
            if re.fullmatch(r"[a-z_]+/emails/([a-z_]|\.\+)+", text):
                found.add((str(path.relative_to(ROOT)), text))
    return found


def test_every_email_template_has_a_registered_kind_and_every_kind_its_templates():
    templated = templated_prefixes()

    assert templated - set(BY_PREFIX) == set(), "email templates without a line in KINDS"
    assert set(BY_PREFIX) - templated == set(), "kinds in KINDS without templates"


def test_every_email_prefix_the_code_names_is_registered():
    found = prefixes_in_code()
    assert ("tiktok/services.py", "tiktok/emails/broken") in found, "the scan misses prefixes"

    unregistered = {
        (path, pattern)
        for path, pattern in found
        if not any(re.fullmatch(pattern, prefix) for prefix in BY_PREFIX)
    }
    assert unregistered == set()


def test_each_prefix_is_registered_once_in_a_known_category():
    assert len(BY_PREFIX) == len(KINDS)
    assert {kind.category for kind in KINDS} <= set(CATEGORIES)


def test_each_email_that_cannot_be_turned_off_says_why():
    for kind in KINDS:
        assert bool(kind.reason) != kind.optional, kind.template_prefix


def test_the_emails_that_are_never_optional_include_security_and_money_that_needs_action():
    mandatory = {kind.template_prefix for kind in KINDS if not kind.optional}

    assert {
        "earnings/emails/method_changed",
        "earnings/emails/payout_failed",
        "tiktok/emails/broken",
    } <= mandatory


@pytest.mark.django_db
def test_an_unregistered_email_is_refused_and_nothing_is_sent(django_capture_on_commit_callbacks):
    with (
        pytest.raises(UnregisteredEmail, match="core.email_kinds.KINDS"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        email_user(UserFactory(), "series/emails/not_a_kind", {})

    assert mail.outbox == []


@pytest.mark.parametrize("language", ["en", "id"])
@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.template_prefix)
def test_each_kind_renders_a_subject_and_a_body_in_each_language(kind, language):
    prefix = kind.template_prefix

    subject, body = render_email(prefix, stand_in_context(prefix), language)

    assert subject.strip()
    assert body.strip()
