from allauth.account.decorators import secure_admin_login
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import admin, messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _


class PortalAdminSite(admin.AdminSite):
    """The staff admin. Logging in goes through allauth, so rate limits and
    two-factor authentication apply; with ``STAFF_REQUIRE_MFA`` staff who have
    not set up two-factor authentication are sent to do so first."""

    site_header = _("Portal staff")
    site_title = _("Portal staff")
    index_title = _("Administration")

    def login(self, request, extra_context=None):
        return secure_admin_login(super().login)(request, extra_context)

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        def mfa_checked_view(request, *args, **kwargs):
            user = request.user
            if (
                settings.STAFF_REQUIRE_MFA
                and user.is_active
                and user.is_staff
                and not is_mfa_enabled(user)
            ):
                messages.warning(
                    request,
                    _("Set up two-factor authentication before you use the staff admin."),
                )
                return redirect("mfa_activate_totp")
            return inner(request, *args, **kwargs)

        return mfa_checked_view
