"""The staff-managed lists creators pick from: niches and languages."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.Model):
    """A staff-managed named entry of a list creators pick from."""

    name = models.CharField(_("name"), max_length=60, unique=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name


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
