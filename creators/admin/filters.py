"""List filters on rows named in both languages (regions, niches, programmes)."""

from django.contrib import admin

from creators.selectors import cached_choices


class NamedChoicesFilter(admin.RelatedFieldListFilter):
    """Django's filter on a relation to a model named in both languages, with
    its choices read as ``cached_choices`` (kept in the process until a name
    changes) instead of a query on every request: the same pairs in the same
    order (the displayed name, then the pk), as no admin orders those models
    otherwise. A relation limiting its choices, or a related admin with an
    ordering of its own, is read as Django does."""

    def field_choices(self, field, request, model_admin):
        if field.get_limit_choices_to() or self.field_admin_ordering(field, request, model_admin):
            return super().field_choices(field, request, model_admin)
        return cached_choices(field.related_model)
