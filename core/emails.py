"""Emails to people, one way for every app: rendered from templates in the
recipient's language, sent by the ``send_email`` task after the transaction
commits (a rolled-back change sends nothing).

Every template prefix sent to a person is registered in ``core.email_kinds``
(an unregistered one raises ``UnregisteredEmail``). An optional kind carries a
footer with a signed one-click link that turns its category off, and the
``List-Unsubscribe`` headers of RFC 8058; once the transaction commits, the
people who turned its category off are left out (one query for all of them)."""

import logging
from functools import partial

from django.conf import settings
from django.db import DatabaseError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import RedisError

from core import email_preferences, jobs
from core.email_kinds import kind_of

logger = logging.getLogger(__name__)

SEND_EMAIL = "core.tasks.send_email"


def absolute_url(path):
    """``path`` on the public site, for links in emails (``SITE_URL``)."""
    return settings.SITE_URL + path


def send_after_commit(*, subject, body, to):
    """Queue one plain-text email to the addresses in ``to`` once the transaction commits."""
    payload = {
        "subject": subject,
        "body": body,
        "from_email": settings.DEFAULT_FROM_EMAIL,
        "to": list(to),
    }
    transaction.on_commit(partial(deliver, payload))


def deliver(payload):
    """Hand one email (``send_email``'s keyword arguments) to a worker. When
    the broker is unreachable it is sent from this process instead: the change
    it tells about has committed, so neither the request nor the email may fail
    with Redis."""
    try:
        jobs.send(SEND_EMAIL, **payload)
    except (BrokerError, RedisError):
        logger.warning("Broker unreachable; sending the email to %s directly", payload["to"])
        try:
            jobs.task(SEND_EMAIL).run(**payload)
        except OSError:
            logger.exception("The email to %s could not be sent", payload["to"])


def render_email(template_prefix, context, language=None):
    """``(subject, body)`` from ``<prefix>_subject.txt`` and ``<prefix>_body.txt``,
    in ``language`` (the active language when None)."""
    with translation.override(language or translation.get_language()):
        subject = render_to_string(f"{template_prefix}_subject.txt", context)
        body = render_to_string(f"{template_prefix}_body.txt", context)
    return " ".join(subject.split()), body


def email_user(user, template_prefix, context):
    """Email ``user`` in their own language (``User.language``) after commit,
    unless they turned off the category of this kind of email."""
    email_users([user], template_prefix, context)


def email_users(users, template_prefix, context):
    """Email each of ``users`` in their own language after commit, leaving out
    those who turned off the category of this kind of email."""
    kind = kind_of(template_prefix)
    addressed = []
    for user in users:
        subject, body = render_email(template_prefix, {**context, "user": user}, user.language)
        payload = {
            "subject": subject,
            "body": body,
            "from_email": settings.DEFAULT_FROM_EMAIL,
            "to": [user.email],
        }
        if kind.optional:
            _add_unsubscribe(payload, user, kind.category)
        addressed.append((user.pk, payload))
    if addressed:
        transaction.on_commit(partial(deliver_wanted, kind, addressed))


def _add_unsubscribe(payload, user, category):
    """The footer naming the category with its one-click link, and the RFC 8058
    headers that let a mail program offer the same."""
    link = absolute_url(email_preferences.unsubscribe_path(user.pk, category.key))
    with translation.override(user.language):
        footer = render_to_string(
            "core/email_footer.txt",
            {
                "category": category,
                "unsubscribe_url": link,
                "preferences_url": absolute_url(reverse("email_notifications")),
            },
        )
    payload["body"] = payload["body"].rstrip("\n") + "\n\n" + footer
    payload["headers"] = {
        "List-Unsubscribe": f"<{link}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def deliver_wanted(kind, addressed):
    """Deliver each ``(user_id, payload)`` of ``addressed`` except to those who
    turned off ``kind``'s category, read now, in one query. When the
    preferences cannot be read the emails go out: they tell of a change that
    has happened."""
    left_out = set()
    if kind.optional:
        try:
            left_out = email_preferences.users_who_turned_off(
                kind.category.key, [user_id for user_id, _payload in addressed]
            )
        except DatabaseError:
            logger.exception("Email preferences unreadable: %s goes to all", kind.template_prefix)
    for user_id, payload in addressed:
        if user_id not in left_out:
            deliver(payload)
