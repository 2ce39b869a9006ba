"""The staff-managed lists creators pick from: niches and languages."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from creators.models.names import NamedInBothLanguages


class Category(NamedInBothLanguages):
    """A staff-managed named entry of a list creators pick from, named in
    English (``name``) and Indonesian (``name_id``)."""

    name = models.CharField(_("name in English"), max_length=60, unique=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)

    class Meta(NamedInBothLanguages.Meta):
        abstract = True


class Niche(Category):
    """A content category (beauty, food, gaming…) that brands search by."""

    class Meta(Category.Meta):
        verbose_name = _("niche")
        verbose_name_plural = _("niches")


class Language(Category):
    """A language a creator makes content in."""

    class Meta(Category.Meta):
        verbose_name = _("language")
        verbose_name_plural = _("languages")
