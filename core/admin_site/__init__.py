"""The staff admin: the site (``site``), changelists with cached rows
(``changelist``), their reads kept under versions (``kept``) and their date
drill-down (``dates``)."""

from core.admin_site.changelist import (
    CachedRowsChangeList,
    CachedRowsMixin,
    ShownRows,
    built_once_per_request,
)
from core.admin_site.kept import KeptValuesListFilter, kept_for_list, list_tokens
from core.admin_site.site import (
    HTTPS_URLS,
    PortalAdminSite,
    ReadOnlyMixin,
    audit_actions,
    audited_action,
)

__all__ = [
    "HTTPS_URLS",
    "CachedRowsChangeList",
    "CachedRowsMixin",
    "KeptValuesListFilter",
    "PortalAdminSite",
    "ReadOnlyMixin",
    "ShownRows",
    "audit_actions",
    "audited_action",
    "built_once_per_request",
    "kept_for_list",
    "list_tokens",
]
