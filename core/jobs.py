"""Background jobs, one way for every app.

Services never import tasks (tasks import services). A service that wants work
done in the background names the task and calls :func:`enqueue`: the task is
sent once the current transaction commits, so a rolled-back change queues
nothing, and a task never reads rows its caller has not committed yet."""

from functools import partial
from pathlib import Path

from celery import current_app
from django.db import transaction


def task(name):
    """The registered Celery task called ``name`` (``"matching.tasks.match_campaign"``)."""
    app = current_app
    if name not in app.tasks:
        # Autodiscovery is lazy: import every app's tasks module once.
        app.loader.import_default_modules()
    return app.tasks[name]


def send(name, /, *, countdown=None, **kwargs):
    """Send task ``name`` now with ``kwargs``; returns Celery's ``AsyncResult``."""
    return task(name).apply_async(kwargs=kwargs, countdown=countdown)


def enqueue(name, /, *, countdown=None, **kwargs):
    """Send task ``name`` with ``kwargs`` once the current transaction commits
    (at once outside a transaction)."""
    transaction.on_commit(partial(send, name, countdown=countdown, **kwargs))


def ensure_filesystem_broker_folders(transport_options):
    """Kombu's filesystem transport expects its folders to exist; create them."""
    for key in ("data_folder_in", "data_folder_out", "control_folder"):
        if transport_options.get(key):
            Path(transport_options[key]).mkdir(parents=True, exist_ok=True)
