"""The Indonesian catalogue is complete and the compiled file matches it: a
string left untranslated or fuzzy shows English on an Indonesian page, and a
placeholder lost in translation breaks the page that fills it in."""

import re

import polib
import pytest
from django.conf import settings

PO = settings.BASE_DIR / "locale/id/LC_MESSAGES/django.po"
MO = settings.BASE_DIR / "locale/id/LC_MESSAGES/django.mo"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\{ ?\w+ ?\}\}|\{\w+\}")


@pytest.fixture(scope="module")
def catalogue():
    return [entry for entry in polib.pofile(str(PO)) if not entry.obsolete]


def translations(entry):
    return list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]


def test_every_string_is_translated_and_none_is_fuzzy(catalogue):
    missing = [
        entry.msgid
        for entry in catalogue
        if entry.fuzzy or not all(text.strip() for text in translations(entry))
    ]
    assert missing == []


def test_translations_keep_every_placeholder(catalogue):
    broken = []
    for entry in catalogue:
        wanted = set(PLACEHOLDER.findall(entry.msgid_plural or entry.msgid))
        for text in translations(entry):
            if set(PLACEHOLDER.findall(text)) != wanted:
                broken.append((entry.msgid, text))
    assert broken == []


def test_the_compiled_catalogue_matches_the_source(catalogue):
    compiled = {
        (entry.msgctxt, entry.msgid): translations(entry) for entry in polib.mofile(str(MO))
    }
    stale = [
        entry.msgid
        for entry in catalogue
        if compiled.get((entry.msgctxt, entry.msgid)) != translations(entry)
    ]
    assert stale == []
