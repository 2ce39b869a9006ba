"""The "Email notifications" page, where a person chooses the categories of
optional emails they get, and the one-click unsubscribe link every optional
email carries (RFC 8058), which needs no login: its signature is its
authentication."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from core import email_kinds
from core.email_preferences import (
    BadUnsubscribeLink,
    read_unsubscribe_token,
    set_turned_off_categories,
    turn_off_category,
    turned_off_categories,
)
from core.models import User


class EmailNotificationsForm(forms.Form):
    """One checkbox per category that can be turned off; checked means sent."""

    def __init__(self, *args, turned_off, **kwargs):
        super().__init__(*args, **kwargs)
        for category in email_kinds.optional_categories():
            self.fields[category.key] = forms.BooleanField(
                label=category.label,
                help_text=category.description,
                required=False,
                initial=category.key not in turned_off,
            )

    def turned_off(self):
        return [key for key, wanted in self.cleaned_data.items() if not wanted]

    def categories(self):
        """Each category's field with the emails it holds, for the template."""
        for category in email_kinds.optional_categories():
            kinds = [kind for kind in email_kinds.KINDS if kind.category == category]
            yield {"field": self[category.key], "kinds": kinds}


def always_sent():
    """The emails nobody can turn off, with why: allauth's, then the registered ones."""
    rows = [(label, email_kinds.ACCOUNT_EMAILS_REASON) for label in email_kinds.ACCOUNT_EMAILS]
    rows += [(kind.description, kind.reason) for kind in email_kinds.KINDS if not kind.optional]
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def email_notifications(request):
    user = request.user
    form = EmailNotificationsForm(
        request.POST if request.method == "POST" else None,
        turned_off=turned_off_categories(user),
    )
    if request.method == "POST" and form.is_valid():
        set_turned_off_categories(user=user, categories=form.turned_off())
        messages.success(request, _("Your email choices are saved."))
        return redirect("email_notifications")
    return render(
        request,
        "account/email_notifications.html",
        {"form": form, "always_sent": always_sent()},
    )


@csrf_exempt  # authenticated by the link's signature; mail programs POST without cookies
@never_cache
@require_http_methods(["GET", "POST"])
def email_unsubscribe(request, token):
    """GET asks to confirm; POST (the page's button, or a mail program's
    one-click ``List-Unsubscribe=One-Click``) turns the category off."""
    try:
        user_id, category = read_unsubscribe_token(token)
    except BadUnsubscribeLink as refused:
        return render(request, "account/unsubscribe_invalid.html", {"reason": refused}, status=400)
    if not User.objects.filter(pk=user_id, is_active=True).exists():
        reason = _("The account this link was made for no longer exists. Nothing was changed.")
        return render(request, "account/unsubscribe_invalid.html", {"reason": reason}, status=404)
    done = request.method == "POST"
    if done:
        turn_off_category(user_id=user_id, category_key=category.key)
    return render(request, "account/unsubscribe.html", {"category": category, "done": done})
