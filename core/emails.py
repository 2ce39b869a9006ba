"""Emails to people, one way for every app: rendered from templates in the
recipient's language, sent by the ``send_email`` task after the transaction
commits (a rolled-back change sends nothing)."""

import logging
from functools import partial

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import RedisError

from core import jobs

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
    """Email ``user`` in their own language (``User.language``) after commit."""
    subject, body = render_email(template_prefix, {**context, "user": user}, user.language)
    send_after_commit(subject=subject, body=body, to=[user.email])


def email_users(users, template_prefix, context):
    """Email each of ``users`` in their own language after commit."""
    for user in users:
        email_user(user, template_prefix, context)
