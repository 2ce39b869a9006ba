"""List filters on rows named in both languages (regions, niches, programmes)."""

from django.contrib import admin
from django.utils.translation import get_language

from core.admin_site import kept_for_list
from creators.models.names import NAMES_VERSION
from creators.selectors import cached_choices


class NamedChoicesFilter(admin.RelatedFieldListFilter):
    """Django's filter on a relation to a model named in both languages, with
    its choices read as ``cached_choices`` (kept in the process until a name
    changes) instead of a query on every request: the same pairs in the same
    order (the displayed name, then the pk), as no admin orders those models
    otherwise. A relation limiting its choices, or a related admin with an
    ordering of its own, is read as Django does. In a list keeping its reads
    under ``NAMES_VERSION`` (``core.admin_site.kept``), the choices are kept
    under the token the list read already: no round trip of their own."""

    def field_choices(self, field, request, model_admin):
        if field.get_limit_choices_to() or self.field_admin_ordering(field, request, model_admin):
            return super().field_choices(field, request, model_admin)
        model = field.related_model
        return kept_for_list(
            request,
            model_admin,
            f"admin-choices:{model._meta.label_lower}:{get_language() or ''}",
            lambda: cached_choices(model),
            names=[NAMES_VERSION],
        )
