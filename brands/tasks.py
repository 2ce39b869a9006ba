from celery import shared_task

from brands import services


@shared_task
def expire_credit():
    """Expire unused credit past its date for every business that has some.
    Safe to run any number of times. Returns how many businesses lost credit."""
    return services.expire_all_credit()
