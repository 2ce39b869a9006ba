"""The foundation's task, run by a real Celery worker process on a real broker
(the fixtures are in ``tests/celery_workers.py``)."""

import pytest

from core.tasks import send_email
from tests.celery_workers import wait_for_files

pytestmark = pytest.mark.worker


def test_a_real_worker_sends_the_email_task_from_the_broker(worker):
    connection, queue, outbox, process = worker

    send_email.apply_async(
        kwargs={
            "subject": "Verifikasi email Anda",
            "body": "Klik tautan ini.",
            "from_email": "noreply@portal.test",
            "to": ["siti@example.com"],
        },
        queue=queue,
        connection=connection,
    )

    files = wait_for_files(outbox)
    if not files:
        process.terminate()
        pytest.fail(f"The worker sent nothing. Its log:\n{process.communicate(timeout=20)[0]}")
    message = files[0].read_text()
    assert "Subject: Verifikasi email Anda" in message
    assert "To: siti@example.com" in message
    assert "Klik tautan ini." in message
