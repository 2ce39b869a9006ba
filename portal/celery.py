"""The one Celery app of the project; settings come from ``CELERY_*`` in Django settings."""

import os

from celery import Celery
from celery.signals import worker_init, worker_ready

from core.jobs import ensure_filesystem_broker_folders

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
def _prepare_broker(**kwargs):
    ensure_filesystem_broker_folders(app.conf.broker_transport_options or {})


@worker_ready.connect
def _send_what_was_queued_while_the_broker_was_down(sender, **kwargs):
    """A worker that starts (after Redis or the workers were down) sends the
    match runs still queued in the database at once, instead of waiting for
    beat's next minute. Nothing is queued twice: the drain skips a run whose
    task is already waiting."""
    app.send_task("matching.tasks.dispatch_queued_matches", kwargs={"older_than": 0})
