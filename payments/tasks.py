import logging

from celery import shared_task
from django.urls import reverse

from core.emails import absolute_url, email_users
from core.models import User
from payments.ledger import check_ledger as run_check

logger = logging.getLogger(__name__)


@shared_task
def check_ledger():
    """The nightly check that every account balances. Its result is kept (the
    admin lists them); when it finds a problem every active staff member gets
    an email and the error is logged. Returns the number of problems."""
    result = run_check()
    if result.problems:
        logger.error(
            "The ledger check found %s problems: %s", len(result.problems), result.problems
        )
        email_users(
            User.objects.filter(is_staff=True, is_active=True).only("email", "language"),
            "payments/emails/ledger_problems",
            {
                "check": result,
                "link": absolute_url(
                    reverse("admin:payments_ledgercheck_change", args=[result.pk])
                ),
            },
        )
    return len(result.problems)
