"""Which optional emails each person turned off (one ``EmailOptOut`` row per
category they turned off), and the signed one-click links that turn a category
off without logging in.

A link is signed with the site's secret key over the user's id and the
category, so it changes only that person's choice for that category; a link
that was altered, or made for a category that cannot be turned off, is refused.
"""

from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.email_kinds import CATEGORIES, optional_categories
from core.models import EmailOptOut
from core.refusals import Refusal

UNSUBSCRIBE_SALT = "core.email_preferences.unsubscribe"


class BadUnsubscribeLink(Refusal):
    """The unsubscribe link was altered, cut short or is not one of ours."""


def _signer():
    # No timestamp: a link in an old email still works (RFC 8058 asks for that),
    # and one person's link for one category is always the same link.
    return signing.Signer(salt=UNSUBSCRIBE_SALT)


def optional_category_keys():
    return {category.key for category in optional_categories()}


def unsubscribe_token(user_id, category_key):
    """The signed token of the link that turns ``category_key`` off for ``user_id``."""
    return _signer().sign_object({"u": user_id, "c": category_key})


def unsubscribe_path(user_id, category_key):
    return reverse("email_unsubscribe", args=[unsubscribe_token(user_id, category_key)])


def read_unsubscribe_token(token):
    """``(user_id, category)`` from a token made by ``unsubscribe_token``;
    ``BadUnsubscribeLink`` when it was altered or names no category that can be
    turned off."""
    try:
        data = _signer().unsign_object(token)
    except (signing.BadSignature, ValueError):
        data = None
    if (
        not isinstance(data, dict)
        or not isinstance(data.get("u"), int)
        or data.get("c") not in optional_category_keys()
    ):
        raise BadUnsubscribeLink(
            _(
                "This unsubscribe link is not valid: it may have been cut short when it "
                "was copied. Nothing was changed. Open the link from the email again, or "
                "log in and choose your emails under Account, Email notifications."
            )
        )
    category = next(category for category in CATEGORIES if category.key == data["c"])
    return data["u"], category


def turned_off_categories(user):
    """The keys of the categories ``user`` turned off."""
    return set(EmailOptOut.objects.filter(user=user).values_list("category", flat=True))


def users_who_turned_off(category_key, user_ids):
    """Those of ``user_ids`` who turned ``category_key`` off: one query however many."""
    return set(
        EmailOptOut.objects.filter(category=category_key, user_id__in=user_ids).values_list(
            "user_id", flat=True
        )
    )


@transaction.atomic
def set_turned_off_categories(*, user, categories):
    """Make ``categories`` (keys) exactly the optional categories ``user`` turned
    off; keys of categories that cannot be turned off are ignored. Returns the
    set of keys now turned off."""
    wanted = set(categories) & optional_category_keys()
    EmailOptOut.objects.filter(user=user).exclude(category__in=wanted).delete()
    existing = set(
        EmailOptOut.objects.filter(user=user, category__in=wanted).values_list(
            "category", flat=True
        )
    )
    EmailOptOut.objects.bulk_create(
        [EmailOptOut(user=user, category=key) for key in sorted(wanted - existing)],
        ignore_conflicts=True,
    )
    return wanted


def turn_off_category(*, user_id, category_key):
    """Turn ``category_key`` off for ``user_id`` (from a one-click link). Safe to
    repeat. Returns True when it was on."""
    _opt_out, created = EmailOptOut.objects.get_or_create(user_id=user_id, category=category_key)
    return created
