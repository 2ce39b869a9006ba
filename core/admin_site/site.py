"""The staff admin site: logging in through allauth with two-factor
authentication, every custom action recorded in the admin log, and the
read-only admin of records nobody edits by hand."""

from functools import partial
from hashlib import sha256
from urllib.parse import quote

from allauth.account.decorators import secure_admin_login
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.db import models
from django.db.models.base import ModelBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
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

    def get_app_list(self, request, app_label=None):
        """The apps and models this person may see, built only when a template
        reads them: the sidebar that lists them on every page is a cached
        fragment (``nav_sidebar_key``), so most pages never build the list."""
        return SimpleLazyObject(partial(super().get_app_list, request, app_label))

    def each_context(self, request):
        context = super().each_context(request)
        context["nav_sidebar_key"] = self.nav_sidebar_key(request)
        return context

    def nav_sidebar_key(self, request):
        """Everything the sidebar's HTML depends on besides the language: what
        this person may do with each model (the links shown) and which app and
        model the page belongs to (highlighted). The page's address is cut after
        the model's part, so a model's list and its objects share one fragment."""
        user = request.user
        if user.is_active and user.is_superuser:
            permissions = "all"
        else:
            permissions = sorted(user.get_all_permissions()) if user.is_active else []
        # "/admin/<app>/<model>/…": the model's address has two slashes more than the index's.
        slashes = reverse("admin:index", current_app=self.name).count("/") + 2
        parts = quote(request.path).split("/", slashes)
        place = "/".join(parts[:slashes]) + "/" if len(parts) > slashes else "/".join(parts)
        flags = (user.is_active, user.is_staff, user.is_superuser)
        return sha256(repr((flags, permissions, place)).encode()).hexdigest()

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
