"""What an admin list reads, kept under the versions of what it shows.

A ``CachedRowsMixin`` admin naming ``list_versions`` (``core.versions``) has
its page of rows, its count and its filters' choices kept in the process's
``fragments`` cache under the tokens of those versions, read once a request in
one round trip: a warm list asks the database nothing. The versions must move
on with every change of what the rows show, of which rows the list holds and
in what order, and of the filters' choices (receivers on every save and
deletion, explicit bumps beside bulk writes). With no token (Redis down, or
no shared cache) everything is read as before.
"""

from django.contrib.admin.filters import AllValuesFieldListFilter, FieldListFilter
from django.contrib.admin.utils import get_last_value_from_parameters, reverse_field_path
from django.core.cache import caches

from core import versions

# The longest a kept read lives when nothing asks for less.
KEPT_SECONDS = 60 * 60
_MISSING = object()


def list_tokens(request, model_admin):
    """``{version name: token}`` of ``model_admin``'s list, read once per
    request in one round trip; None when nothing is kept: no versions named,
    a request that is not a read, or no token (the cache unreachable). An
    admin without ``CachedRowsMixin`` names none."""
    memo = request.__dict__.setdefault("_admin_list_tokens", {})
    if model_admin not in memo:
        get_list_versions = getattr(model_admin, "get_list_versions", None)  # CachedRowsMixin's
        names = list(get_list_versions(request) or ()) if get_list_versions else []
        tokens = None
        if names and request.method in ("GET", "HEAD"):
            tokens = versions.current_many(names)
        memo[model_admin] = None if tokens is None else dict(zip(names, tokens, strict=True))
    return memo[model_admin]


def kept_for_list(request, model_admin, key, read, *, names=None, seconds=lambda value: None):
    """``read()``, kept under ``key`` and the tokens of ``names`` (every
    version of the list when None), which must be among the list's versions;
    read every time without them. ``seconds(value)``: how long a value read
    may be kept, None for ``KEPT_SECONDS``."""
    tokens = list_tokens(request, model_admin)
    if tokens is None:
        return read()
    names = list(tokens) if names is None else names
    if any(name not in tokens for name in names):
        return read()
    cache = caches["fragments"]
    full_key = ":".join((key, *(tokens[name] for name in names)))
    found = cache.get(full_key, _MISSING)
    if found is _MISSING:
        found = read()
        cache.set(full_key, found, seconds(found) or KEPT_SECONDS)
    return found


class KeptValuesListFilter(AllValuesFieldListFilter):
    """Django's filter on the distinct values of a field (``list_filter =
    [("business__city", KeptValuesListFilter)]``), its choices kept under the
    list's versions, which must then move on with every change of that field
    (its model's saves and deletions): no ``SELECT DISTINCT`` once kept."""

    def __init__(self, field, request, params, model, model_admin, field_path):
        if list_tokens(request, model_admin) is None:
            super().__init__(field, request, params, model, model_admin, field_path)
            return
        # Django 5.2's AllValuesFieldListFilter.__init__, its query built only
        # when the choices are read.
        self.lookup_kwarg = field_path
        self.lookup_kwarg_isnull = f"{field_path}__isnull"
        self.lookup_val = params.get(self.lookup_kwarg)
        self.lookup_val_isnull = get_last_value_from_parameters(params, self.lookup_kwarg_isnull)
        self.empty_value_display = model_admin.get_empty_value_display()
        parent_model, _path = reverse_field_path(model, field_path)

        def read():
            if model == parent_model:  # Django obeys the admin's queryset then
                queryset = model_admin.get_queryset(request)
            else:
                queryset = parent_model._default_manager.all()
            values = queryset.distinct().order_by(field.name).values_list(field.name, flat=True)
            return list(values)

        key = f"admin-values:{model_admin.admin_site.name}:{model._meta.label_lower}:{field_path}"
        self.lookup_choices = kept_for_list(request, model_admin, key, read)
        FieldListFilter.__init__(self, field, request, params, model, model_admin, field_path)
