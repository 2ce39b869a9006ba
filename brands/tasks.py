from celery import shared_task
from django.utils import timezone

from brands.services import expire_credit as expire_credit_of_business
from payments.models import LedgerEntry


@shared_task
def expire_credit():
    """Expire unused credit past its date for every business that has some.
    Safe to run any number of times. Returns how many businesses lost credit."""
    business_ids = (
        LedgerEntry.objects.filter(
            kind__in=[LedgerEntry.Kind.GRANT, LedgerEntry.Kind.MATCH],
            expires_at__lte=timezone.now(),
        )
        .values_list("business_id", flat=True)
        .distinct()
    )
    return sum(
        1 for business_id in business_ids if expire_credit_of_business(business_id=business_id)
    )
