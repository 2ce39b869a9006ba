"""Settings for ``make load``: the production settings, plus one bare view
(``/load/bare/``) that the load run measures beside the real pages."""

from portal.settings import *  # noqa: F403

ROOT_URLCONF = "tests.load.urls"

# Every virtual user logs in from 127.0.0.1: the per-address login limit
# (allauth's default, 30 a minute) would stop a second run started within the
# minute. The per-account limit on failed logins stays.
ACCOUNT_RATE_LIMITS = {**ACCOUNT_RATE_LIMITS, "login": "1000/m/ip"}  # noqa: F405

# First, so that the sessions' and users' queries are counted too.
MIDDLEWARE = ["tests.load.middleware.count_queries", *MIDDLEWARE]  # noqa: F405
