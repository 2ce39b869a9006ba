"""What the site says about its parts: the checks behind ``/healthz`` (each
returns nothing or raises) and the page a visitor gets when the database is
down."""

import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError, connection
from django.shortcuts import render
from django.views.defaults import server_error as django_server_error
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


# Seconds after which a visitor may try again while the database is unreachable
# (a restart takes a few).
DATABASE_RETRY_AFTER = 30


def server_error(request):
    """``handler500``: a 503 page asking to try again when the database is
    unreachable or dropped the connection (it restarts; the next request
    reconnects by itself), Django's 500 otherwise. The 503 page reads nothing
    from the database, not even the visitor's session."""
    error = sys.exc_info()[1]
    if isinstance(error, (OperationalError, InterfaceError)):
        response = render(request, "503.html", status=503)
        response["Retry-After"] = str(DATABASE_RETRY_AFTER)
        return response
    return django_server_error(request)
