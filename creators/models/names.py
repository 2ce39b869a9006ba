"""Names staff give in both shipped languages (niches, languages, regions,
programmes): ``name`` is the English one, ``name_id`` the Indonesian one.

``name`` stays the English name (and keeps its unique constraint) because code,
seeds and other apps look rows up and print them by it; the Indonesian name sits
beside it. Pages show ``label`` (also ``str()``): the active language's name,
the other one when that is empty. ``ActiveName()`` is the same in SQL, so lists
ordered by it (the models' default ordering) follow the displayed name.
"""

from django.db import models
from django.db.models import F, Func, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.deconstruct import deconstructible
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core import versions

INDONESIAN = "id"
# The version (core.versions) of every name staff give, and of the programmes'
# rules (a programme is named in both languages): any saved, deleted or
# bulk-changed row, or a programme's changed regions, changes it, so fragments,
# choice lists and cached programmes keyed on it change.
NAMES_VERSION = "named-in-both-languages"


def names_changed(**kwargs):
    """``post_save``/``post_delete`` receiver of every model named in both languages."""
    versions.bump(NAMES_VERSION)


def speaks_indonesian():
    """Whether the active language is Indonesian (the site's default)."""
    return (get_language() or INDONESIAN).split("-")[0] == INDONESIAN


def in_active_language(english, indonesian):
    """The text in the active language, the other one when that is empty."""
    first, second = (indonesian, english) if speaks_indonesian() else (english, indonesian)
    return first or second


@deconstructible(path="creators.models.names.ActiveName")
class ActiveName(Func):
    """The displayed name in SQL, decided when the query is compiled:
    ``COALESCE(NULLIF(<active language's column>, ''), <the other column>)``."""

    def __init__(self, english="name", indonesian="name_id", **extra):
        super().__init__(F(indonesian), F(english), output_field=models.CharField(), **extra)

    def as_sql(self, compiler, connection, **extra_context):
        indonesian, english = self.get_source_expressions()
        first, second = (indonesian, english) if speaks_indonesian() else (english, indonesian)
        displayed = Coalesce(NullIf(first, Value("")), second, output_field=models.CharField())
        return compiler.compile(displayed)


class NamedQuerySet(models.QuerySet):
    # Bulk changes send no signal: they change the names' version themselves.
    def update(self, **kwargs):
        versions.bump(NAMES_VERSION)
        return super().update(**kwargs)

    update.alters_data = True

    def bulk_create(self, *args, **kwargs):
        versions.bump(NAMES_VERSION)
        return super().bulk_create(*args, **kwargs)

    bulk_create.alters_data = True

    def choices(self, *values):
        """``(pk, displayed name)`` pairs for a select, ordered by the displayed
        name; ``values`` name other columns to read before the name instead."""
        return list(
            self.annotate(displayed_name=ActiveName())
            .order_by("displayed_name", "pk")
            .values_list(*(values or ["pk"]), "displayed_name")
        )


class NamedInBothLanguages(models.Model):
    """Adds the Indonesian name beside ``name`` (English), and ``label``."""

    name_id = models.CharField(_("name in Indonesian"), max_length=80)

    objects = NamedQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = [ActiveName(), "pk"]

    def __str__(self):
        return self.label

    @property
    def label(self):
        return in_active_language(self.name, self.name_id)
