from celery import shared_task

from tiktok import services


@shared_task
def refresh_expiring_tokens():
    """Hourly: refresh the access tokens that expire within two hours (idempotent:
    a fresh token is left alone). Returns the counts."""
    return services.refresh_expiring_tokens()
