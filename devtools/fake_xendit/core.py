"""The shared part of the local fake of Xendit's documented API.

:class:`FakeXenditCore` holds what every product of the fake shares: the
pytest-httpserver it answers on, the secret key it accepts (HTTP basic auth,
the key as user name and an empty password, as Xendit documents), the callback
token it signs notifications with, and ``transactions``: every movement of
money the fake has made, in the shape of Xendit's Transactions API, which the
daily reconciliation reads.

Each product adds itself as a mixin (``invoices.Invoices``, ``payouts.Payouts``)
and registers its routes in ``register()``, calling ``super().register()``.
This module is for tests and the bench commands only, never product code.
"""

import base64
import json
import threading

from werkzeug.wrappers import Response

SECRET_KEY = "xnd_development_fake_secret"  # noqa: S105 (the fake's, not a secret)
CALLBACK_TOKEN = "fake-callback-token"  # noqa: S105 (the fake's, not a secret)


class FakeXenditCore:
    def __init__(self, httpserver, *, secret_key=SECRET_KEY, callback_token=CALLBACK_TOKEN):
        self.server = httpserver
        self.secret_key = secret_key
        self.callback_token = callback_token
        self.lock = threading.Lock()
        self.transactions = []
        self.requests = []
        self.register()

    @property
    def url(self):
        return self.server.url_for("").rstrip("/")

    def register(self):
        """Register this product's routes on ``self.server`` (mixins extend it)."""

    # --- Helpers for the products --------------------------------------------------

    def authorized(self, request):
        """True when the request carries the secret key as Xendit expects it."""
        header = request.headers.get("Authorization", "")
        expected = "Basic " + base64.b64encode(f"{self.secret_key}:".encode()).decode()
        return header == expected

    def record(self, request):
        with self.lock:
            self.requests.append((request.method, request.path))

    def calls(self, path_prefix, method=None):
        """How many requests reached a path starting with ``path_prefix``."""
        return sum(
            1
            for seen_method, path in self.requests
            if path.startswith(path_prefix) and (method is None or seen_method == method)
        )

    @staticmethod
    def json(data, status=200, headers=None):
        return Response(
            json.dumps(data), status=status, headers=headers, content_type="application/json"
        )

    @classmethod
    def error(cls, status, error_code, message):
        """An error in Xendit's documented shape."""
        return cls.json({"error_code": error_code, "message": message}, status=status)

    @classmethod
    def unauthorized(cls):
        return cls.error(401, "INVALID_API_KEY", "API key is not authorized for this API service")

    def settings(self):
        """The Django settings that point the real clients at this fake."""
        return {
            "XENDIT_SECRET_KEY": self.secret_key,
            "XENDIT_CALLBACK_TOKEN": self.callback_token,
            "XENDIT_API_URL": self.url,
            "XENDIT_TIMEOUT_SECONDS": 2.0,
        }
