"""A context that renders any email template without its real objects: each
name the template mentions stands for an empty value that answers every
attribute, call, filter and loop with emptiness. So a test can send every
registered kind of email without knowing what each one needs."""

import re
from pathlib import Path

from django.conf import settings


class Anything(str):
    """An empty string whose every missing attribute, and every call, is another one."""

    def __new__(cls):
        return super().__new__(cls, "")

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return Anything()

    def __call__(self, *args, **kwargs):
        return self


def template_text(template_prefix):
    root = Path(settings.BASE_DIR) / "templates"
    return "".join(
        (root / f"{template_prefix}_{part}.txt").read_text(encoding="utf-8")
        for part in ("subject", "body")
    )


def stand_in_context(template_prefix):
    """Every lowercase name in the kind's two templates, each standing for ``Anything``."""
    names = set(re.findall(r"\b[a-z_][a-z0-9_]*\b", template_text(template_prefix)))
    return {name: Anything() for name in names - {"user"}}
