"""The local fakes of outside services, served for the bench commands.

``with served_xendit() as fake:`` serves :class:`devtools.fake_xendit.FakeXendit`
on 127.0.0.1 in a thread for the block. The fakes run on pytest-httpserver, a
test tool (requirements-dev.txt): without it, a ``CommandError`` says what to
install. Imports are inside, so this module loads without the test tools.
"""

import logging
from contextlib import contextmanager

from django.core.management.base import CommandError


@contextmanager
def served_xendit():
    try:
        from pytest_httpserver import HTTPServer
    except ImportError as error:
        raise CommandError(
            "The local fake of Xendit needs the test tools: pip install -r "
            "requirements-dev.txt (make install-dev)."
        ) from error
    from devtools.fake_xendit import FakeXendit

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # a line per request
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    try:
        yield FakeXendit(server)
    finally:
        server.clear()
        server.stop()
