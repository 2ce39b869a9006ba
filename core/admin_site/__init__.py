"""The staff admin: the site (``site``), changelists with cached rows
(``changelist``) and their date drill-down (``dates``)."""

from core.admin_site.changelist import CachedRowsChangeList, CachedRowsMixin, ShownRows
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
    "PortalAdminSite",
    "ReadOnlyMixin",
    "ShownRows",
    "audit_actions",
    "audited_action",
]
