"""The ``fake_xendit`` fixture: :class:`devtools.fake_xendit.FakeXendit` on
pytest-httpserver, with the real Xendit clients configured to use it."""

import pytest

from devtools.fake_xendit import CALLBACK_TOKEN, SECRET_KEY, FakeXendit  # noqa: F401


@pytest.fixture
def fake_xendit(httpserver, settings):
    """A :class:`FakeXendit` with the settings pointing the real clients at it
    and the real providers in use."""
    fake = FakeXendit(httpserver)
    for name, value in fake.settings().items():
        setattr(settings, name, value)
    settings.PAYMENT_PROVIDER = "payments.gateway.XenditProvider"
    settings.PAYOUT_PROVIDER = "earnings.disbursements.XenditPayoutProvider"
    yield fake
    httpserver.clear()
