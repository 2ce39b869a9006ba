from allauth.account.decorators import secure_admin_login
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.db import models
from django.db.models.base import ModelBase
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

# Links typed into the admin without a scheme are taken as https (Django 6's
# default; Django 5.2 warns about every URLField form field that does not say).
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


def audited_action(func, description):
    """``func``, an admin action, recording in the admin log which objects it ran
    on once it has run. An action that answers with a page (a confirmation or a
    form) has not run yet, so only one that returns nothing (Django then redirects)
    is recorded."""

    def run(model_admin, request, queryset):
        selected = list(queryset)
        response = func(model_admin, request, queryset)
        if response is None and selected:
            LogEntry.objects.log_actions(
                user_id=request.user.pk,
                queryset=selected,
                action_flag=CHANGE,
                change_message=f"Ran the admin action “{description}”.",
                single_object=False,
            )
        return response

    return run


def audit_actions(model_admin):
    """Every custom action of ``model_admin`` leaves an entry in the admin log, as
    Django's own add, change and delete views do (``delete_selected`` already logs
    each deletion itself)."""
    get_actions = model_admin.get_actions

    def get_audited_actions(request):
        return {
            name: (func if name == "delete_selected" else audited_action(func, description),)
            + (name, description)
            for name, (func, _name, description) in get_actions(request).items()
        }

    model_admin.get_actions = get_audited_actions


class PortalAdminSite(admin.AdminSite):
    """The staff admin. Logging in goes through allauth, so rate limits and
    two-factor authentication apply; with ``STAFF_REQUIRE_MFA`` staff who have
    not set up two-factor authentication are sent to do so first."""

    site_header = _("Portal staff")
    site_title = _("Portal staff")
    index_title = _("Administration")

    def register(self, model_or_iterable, admin_class=None, **options):
        super().register(model_or_iterable, admin_class, **options)
        models = (
            [model_or_iterable] if isinstance(model_or_iterable, ModelBase) else model_or_iterable
        )
        for model in models:
            # Django skips swapped models (auth's User) without registering them.
            if model in self._registry:
                audit_actions(self._registry[model])

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


class ReadOnlyMixin:
    """For admins and inlines of records nobody edits by hand (ledgers, logs,
    histories, computed rows): staff may look, never add, change or delete."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
