"""Checks behind ``/healthz``: each returns nothing or raises."""

from django.conf import settings
from django.db import connection
from kombu import Connection


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_broker():
    with Connection(
        settings.CELERY_BROKER_URL,
        transport_options=settings.CELERY_BROKER_TRANSPORT_OPTIONS,
        connect_timeout=2,
    ) as broker:
        broker.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=2)


CHECKS = {"database": check_database, "broker": check_broker}


def run_checks():
    """``{name: "ok" | "error: <ExceptionClass>"}`` for every check."""
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as error:  # noqa: BLE001 - any failure means the part is down
            results[name] = f"error: {type(error).__name__}"
        else:
            results[name] = "ok"
    return results
