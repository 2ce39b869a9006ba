"""Site-wide background jobs. Tasks are thin: they take plain values and call Django."""

from celery import shared_task
from django.contrib.sessions.models import Session
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_email(*, subject, body, from_email, to, html_body=None, headers=None):
    """Send one email. Returns the number of messages sent (0 or 1)."""
    message = EmailMultiAlternatives(
        subject=subject, body=body, from_email=from_email, to=to, headers=headers or {}
    )
    if html_body:
        message.attach_alternative(html_body, "text/html")
    return message.send()


@shared_task
def clear_expired_sessions():
    """Delete sessions past their expiry date; safe to run any number of times."""
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted
