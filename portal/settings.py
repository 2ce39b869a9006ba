"""Settings for the creator and brand portal.

One module, read from the environment. The defaults are safe for development
(SQLite, kombu's embedded filesystem broker, console email, DEBUG on); every
production value is overridable, and with ``DEBUG=0`` ``manage.py check
--deploy`` is clean.
"""

import hashlib
import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "core.apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.google",
    "allauth.socialaccount.providers.tiktok",
    "core.apps.CoreConfig",
    "creators",
    "brands",
    "series",
    "payments",
    "collaborations",
    "earnings",
    "tiktok",
    "matching",
    "billing",
    "reconciliation",
    "fans",
    "devtools",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"
ASGI_APPLICATION = "portal.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache (login rate limits live here: shared across processes via Redis) -
REDIS_URL = os.environ.get("REDIS_URL", "")
# A Redis database of its own keeps cache.clear() away from Celery's queues.
REDIS_CACHE_URL = os.environ.get("REDIS_CACHE_URL", REDIS_URL)
if REDIS_CACHE_URL:
    CACHES = {
        "default": {
            # Django's, with one redis-py client a process instead of one a call.
            "BACKEND": "core.cache.RedisCache",
            "LOCATION": REDIS_CACHE_URL,
            "KEY_PREFIX": "portal",
            # Redis down fails a cache call in seconds instead of hanging the request.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Rendered template fragments ({% cache … using="fragments" %}), in each process's
# memory: a fragment's key holds everything its HTML depends on (the language and
# the values it shows, or a version the services changing them bump; README, "Page
# speed"), so a change makes a new key in every process at once and nothing has to
# be deleted. At 2-4 KB a creator card, 20,000 entries are 40-80 MB a process.
CACHES["fragments"] = {
    "BACKEND": "core.cache.FragmentCache",
    "LOCATION": "fragments",
    "TIMEOUT": 60 * 60,
    "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("FRAGMENT_CACHE_ENTRIES", "20000"))},
}
# Versions of shared data (core.versions) key what pages keep: they need a cache
# every process shares. Without Redis each process would hold its own, and a
# change made by the Celery worker would never reach the web process, so
# nothing is kept under a version and pages read the database.
SHARED_VERSIONS = bool(REDIS_CACHE_URL)
# Sessions are read from the cache and written through to the database when the
# cache is Redis (shared by every process); core.sessions falls back to the
# database when Redis is unreachable. Without Redis they stay in the database.
SESSION_ENGINE = "core.sessions" if REDIS_CACHE_URL else "django.contrib.sessions.backends.db"

# --- Accounts -------------------------------------------------------------
AUTH_USER_MODEL = "portal.User"
# Django's and allauth's backends, reading the signed-in person's row from the
# cache when it is shared by every process (core.auth); 0 seconds: no cache.
AUTHENTICATION_BACKENDS = [
    "core.auth.ModelBackend",
    "core.auth.AuthenticationBackend",
]
AUTH_USER_CACHE_SECONDS = (
    int(os.environ.get("AUTH_USER_CACHE_SECONDS", "300")) if REDIS_CACHE_URL else 0
)
# Argon2id first: Django's recommendation (memory-hard), and half PBKDF2's time
# per login on this project's machines. Older PBKDF2 hashes still verify and are
# rehashed with Argon2 when their owner next logs in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"

ACCOUNT_ADAPTER = "portal.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "portal.adapters.SocialAccountAdapter"
ACCOUNT_FORMS = {"signup": "portal.forms.SignupForm"}
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Portal] "
ACCOUNT_RATE_LIMITS = {
    # Five wrong passwords per account in five minutes, twenty per address a minute.
    "login_failed": "20/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
}
# Per-user limits on what reaches other people: (requests, window in seconds),
# counted in the cache by portal/ratelimit.py. A business matches 50 creators a
# campaign, so 40 invitations an hour is generous for a person and stops a script.
RATE_LIMITS = {
    "invite_creator": (40, 60 * 60),
    "invite_teammate": (10, 60 * 60),
    "message": (30, 10 * 60),
}
SOCIALACCOUNT_PROVIDERS = {
    # Credentials are added by staff as Social applications in the admin.
    "google": {"SCOPE": ["profile", "email"], "AUTH_PARAMS": {"access_type": "online"}},
    "tiktok": {"SCOPE": ["user.info.basic"]},
}
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
# Social signups also answer "creator or business", so they always see the form.
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_FORMS = {"signup": "portal.forms.SocialSignupForm"}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Portal"
# Staff must have two-factor authentication before the admin opens.
STAFF_REQUIRE_MFA = env_bool("STAFF_REQUIRE_MFA", not DEBUG)

# --- Internationalisation -------------------------------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Email ----------------------------------------------------------------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(BASE_DIR / "sent-emails"))
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 20
# The public address of the site, for absolute links in emails.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Portal <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Celery ---------------------------------------------------------------
# Without REDIS_URL, kombu's filesystem transport is the broker: a real worker
# process, no server to install.
CELERY_FILESYSTEM_BROKER_DIR = Path(
    os.environ.get("CELERY_FILESYSTEM_BROKER_DIR", BASE_DIR / ".broker")
)
CELERY_BROKER_URL = REDIS_URL or "filesystem://"
# Redis redelivers a task whose worker died without acknowledging it (acks_late)
# once it has been unacknowledged this long, so it must outlast the longest
# task (the full refresh: an hour) and the longest countdown; tests shorten it.
CELERY_BROKER_VISIBILITY_TIMEOUT = int(os.environ.get("CELERY_BROKER_VISIBILITY_TIMEOUT", "7200"))
CELERY_BROKER_TRANSPORT_OPTIONS = (
    {
        "visibility_timeout": CELERY_BROKER_VISIBILITY_TIMEOUT,
        # Each worker looks for such tasks every 10 s (one cheap sorted-set read),
        # not every 100 s, kombu's default.
        "unacked_restore_throttle": 1,
        # A request that enqueues while Redis is unreachable gives up in seconds.
        "socket_connect_timeout": 2,
    }
    if REDIS_URL
    else {
        "data_folder_in": str(CELERY_FILESYSTEM_BROKER_DIR / "queue"),
        "data_folder_out": str(CELERY_FILESYSTEM_BROKER_DIR / "queue"),
        "control_folder": str(CELERY_FILESYSTEM_BROKER_DIR / "control"),
        "store_processed": False,
    }
)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_TIMEOUT = 2
# Publishing retries for about a second, then raises; the caller keeps the run
# queued in the database (matching.tasks.dispatch_queued_matches sends it later).
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 0.5,
}
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
# The queue tasks are sent to unless told otherwise, tasks sent by tasks
# included (so that environments sharing one Redis keep to their own queue).
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_TASK_DEFAULT_QUEUE", "celery")
CELERY_TASK_SOFT_TIME_LIMIT = 120
CELERY_TASK_TIME_LIMIT = 180
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_BEAT_SCHEDULE = {
    "clear-expired-sessions": {
        "task": "core.tasks.clear_expired_sessions",
        "schedule": 24 * 60 * 60,
    },
    "expire-business-credit": {
        "task": "brands.tasks.expire_credit",
        "schedule": 60 * 60,
    },
    "dispatch-queued-matches": {
        "task": "matching.tasks.dispatch_queued_matches",
        "schedule": 60,
    },
    # The daily refresh of verified figures, one slice of linked creators an hour.
    "sync-figures-from-tiktok": {
        "task": "creators.tasks.sync_figures_slice",
        "schedule": crontab(minute=5),
    },
    "refresh-all-matches": {
        "task": "matching.tasks.refresh_all_matches",
        "schedule": 6 * 60 * 60,
    },
    "flush-series-event-counters": {
        "task": "series.tasks.flush_event_counters",
        "schedule": 60,
    },
    "release-unanswered-holds": {
        "task": "collaborations.tasks.release_unanswered_holds",
        "schedule": 5 * 60,
    },
    "read-posted-video-figures": {
        "task": "collaborations.tasks.queue_video_figure_reads",
        "schedule": 60 * 60,
    },
    # Yesterday's payments and payouts against the gateway's report, before
    # the ledger check (which links to it).
    "reconcile-yesterday": {
        "task": "reconciliation.tasks.reconcile_yesterday",
        "schedule": crontab(hour=1, minute=30),
    },
    "check-ledger": {
        "task": "reconciliation.tasks.check_books",
        "schedule": crontab(hour=2, minute=0),
    },
    "monthly-statements": {
        "task": "earnings.tasks.monthly_statements",
        "schedule": crontab(day_of_month=1, hour=3, minute=0),
    },
    "resend-stuck-payouts": {
        "task": "earnings.tasks.resend_stuck_payouts",
        "schedule": crontab(minute=30),
    },
    "refresh-expiring-tiktok-tokens": {
        "task": "tiktok.tasks.refresh_expiring_tokens",
        "schedule": crontab(minute=15),
    },
}

# --- Security -------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp), the same in development and production so
# that the browser tests run under it. Scripts come only from our own static files:
# no inline <script>, no on*= attributes, no javascript: URLs, no eval. Styles too
# come only from our stylesheets: the templates carry no style="" attributes, and
# Bootstrap's and the admin's scripts set styles through the CSSOM, which CSP
# allows, so 'unsafe-inline' is not needed for style-src either. Bootstrap's CSS
# draws some icons (the navbar toggler, select arrows) as data: SVG images, and
# two-factor setup shows its QR code as a data: image, hence img-src data:.
# form-action also governs the redirect after a form posts: social login posts
# here and is redirected to the provider, so their authorisation pages are listed
# (CSP_FORM_ACTION_EXTRA adds more, e.g. a payment provider's checkout).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": [
            "'self'",
            "https://accounts.google.com",
            "https://www.tiktok.com",
            *env_list("CSP_FORM_ACTION_EXTRA", []),
        ],
    }
}
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# --- Creators -------------------------------------------------------------
# Uploaded profile photos: refused above this size, then resized to fit this box.
CREATORS_PHOTO_MAX_BYTES = int(os.environ.get("CREATORS_PHOTO_MAX_BYTES", str(5 * 1024 * 1024)))
CREATORS_PHOTO_MAX_PIXELS = 800

# --- Back to Business and payments ---
# Amounts are IDR, as Decimal strings; staff never see floats.
BUSINESS_CREDIT_CURRENCY = "IDR"
BUSINESS_WELCOME_CREDIT = os.environ.get("BUSINESS_WELCOME_CREDIT", "4500000.00")
BUSINESS_CREDIT_MATCH_CAP = os.environ.get("BUSINESS_CREDIT_MATCH_CAP", "30000000.00")
BUSINESS_CREDIT_EXPIRY_DAYS = int(os.environ.get("BUSINESS_CREDIT_EXPIRY_DAYS", "90"))
BUSINESS_TOP_UP_MINIMUM = os.environ.get("BUSINESS_TOP_UP_MINIMUM", "100000.00")
BUSINESS_TOP_UP_MAXIMUM = os.environ.get("BUSINESS_TOP_UP_MAXIMUM", "100000000.00")
CAMPAIGN_MINIMUM_FEE_PER_CREATOR = os.environ.get("CAMPAIGN_MINIMUM_FEE_PER_CREATOR", "50000.00")
BUSINESS_INVITATION_VALID_DAYS = int(os.environ.get("BUSINESS_INVITATION_VALID_DAYS", "14"))
# TikTok (Login Kit v2, Display API v2): the sandbox answers without a network.
TIKTOK_CLIENT = os.environ.get("TIKTOK_CLIENT", "tiktok.sandbox.SandboxTikTokClient")
TIKTOK_CLIENT_KEY = os.environ.get("TIKTOK_CLIENT_KEY", "")
TIKTOK_CLIENT_SECRET = os.environ.get("TIKTOK_CLIENT_SECRET", "")
TIKTOK_AUTH_URL = os.environ.get("TIKTOK_AUTH_URL", "https://www.tiktok.com/v2/auth/authorize/")
TIKTOK_API_URL = os.environ.get("TIKTOK_API_URL", "https://open.tiktokapis.com")
TIKTOK_TIMEOUT_SECONDS = float(os.environ.get("TIKTOK_TIMEOUT_SECONDS", "10"))
# Fernet keys for the stored tokens, newest first (rotation). With DEBUG=0 the real
# client refuses to start without them, and without its client key and secret.
TIKTOK_TOKEN_KEYS = env_list("TIKTOK_TOKEN_KEYS", [])
if not DEBUG and TIKTOK_CLIENT == "tiktok.http.HttpTikTokClient":
    for _name in ("TIKTOK_CLIENT_KEY", "TIKTOK_CLIENT_SECRET", "TIKTOK_TOKEN_KEYS"):
        if not globals()[_name]:
            raise ImproperlyConfigured(
                f"{_name} must be set when DEBUG is off and the real TikTok client is used."
            )

# Xendit, the payment gateway for Series purchases, business top-ups and payouts
# to creators (see README, "Money rails"). With no secret key the sandbox
# providers stay in use and nothing leaves the machine.
XENDIT_SECRET_KEY = os.environ.get("XENDIT_SECRET_KEY", "")
# The token Xendit sends in ``x-callback-token`` with every notification.
XENDIT_CALLBACK_TOKEN = os.environ.get("XENDIT_CALLBACK_TOKEN", "")
XENDIT_API_URL = os.environ.get("XENDIT_API_URL", "https://api.xendit.co")
XENDIT_TIMEOUT_SECONDS = float(os.environ.get("XENDIT_TIMEOUT_SECONDS", "10"))
if not DEBUG and XENDIT_SECRET_KEY and not XENDIT_CALLBACK_TOKEN:
    raise ImproperlyConfigured("XENDIT_CALLBACK_TOKEN must be set with XENDIT_SECRET_KEY.")

# The payment provider: a dotted path to a ``payments.providers.PaymentProvider``.
PAYMENT_PROVIDER = os.environ.get(
    "PAYMENT_PROVIDER",
    "payments.gateway.XenditProvider"
    if XENDIT_SECRET_KEY
    else "payments.providers.SandboxProvider",
)
# What the sandbox provider keeps of each payment, in percent (real providers
# report their fee in the notification); recorded per sale in the ledger.
PAYMENT_SANDBOX_FEE_PERCENT = os.environ.get("PAYMENT_SANDBOX_FEE_PERCENT", "0")
# The provider's webhook signing secret. Without one (the sandbox), a key is
# derived from SECRET_KEY so that it is never a published constant.
PAYMENT_WEBHOOK_SECRET = (
    os.environ.get("PAYMENT_WEBHOOK_SECRET", "")
    or hashlib.sha256(f"payments.webhook:{SECRET_KEY}".encode()).hexdigest()
)

# --- Money between businesses and creators ---
# The platform's share of a collaboration fee, in percent, taken when the fee is
# released to the creator (Collabstr, KaryaKarsa and Patreon keep about 10%).
COLLABORATION_PLATFORM_FEE_PERCENT = os.environ.get("COLLABORATION_PLATFORM_FEE_PERCENT", "10")
# Hours after a submission within which the business approves or asks for a
# revision; after that the held fee is released to the creator (Collabstr: 48-72).
COLLABORATION_AUTO_RELEASE_HOURS = int(os.environ.get("COLLABORATION_AUTO_RELEASE_HOURS", "72"))
# Draft videos the business approves before posting: MP4, MOV or WebM, at most
# this many megabytes and seconds (TikTok takes uploads of up to 10 minutes).
COLLABORATION_DRAFT_MAX_MB = int(os.environ.get("COLLABORATION_DRAFT_MAX_MB", "200"))
COLLABORATION_DRAFT_MAX_SECONDS = int(os.environ.get("COLLABORATION_DRAFT_MAX_SECONDS", "600"))

# --- Series ---
# Price range per currency, as Decimal strings (USD as announced by TikTok).
SERIES_PRICE_RANGES = {
    "IDR": (
        os.environ.get("SERIES_PRICE_MIN_IDR", "15000.00"),
        os.environ.get("SERIES_PRICE_MAX_IDR", "3000000.00"),
    ),
    "USD": (
        os.environ.get("SERIES_PRICE_MIN_USD", "0.99"),
        os.environ.get("SERIES_PRICE_MAX_USD", "189.99"),
    ),
}
# The platform's share of each sale, in percent (TikTok took none at launch).
SERIES_PLATFORM_SHARE_PERCENT = os.environ.get("SERIES_PLATFORM_SHARE_PERCENT", "0")
# Episode uploads larger than this are refused.
SERIES_EPISODE_MAX_BYTES = int(
    os.environ.get("SERIES_EPISODE_MAX_BYTES", str(2 * 1024 * 1024 * 1024))
)
# Paid episode files: outside MEDIA_ROOT, never served by a public URL.
SERIES_PRIVATE_ROOT = Path(os.environ.get("SERIES_PRIVATE_ROOT", BASE_DIR / "private"))
# "django" streams files itself (development); behind nginx use "x-accel" with an
# internal location at SERIES_X_ACCEL_PREFIX aliased to SERIES_PRIVATE_ROOT;
# behind Apache (mod_xsendfile) or Caddy use "x-sendfile".
SERIES_FILE_SERVING = os.environ.get("SERIES_FILE_SERVING", "django")
SERIES_X_ACCEL_PREFIX = os.environ.get("SERIES_X_ACCEL_PREFIX", "/protected/")
# Episode numbers are unique through a deferrable constraint, which SQLite (used
# only in development) lacks; PostgreSQL enforces it.
SILENCED_SYSTEM_CHECKS = ["models.W038"]

# --- Earnings and payouts ---
# The least available money paid out in the monthly run, per currency (Decimal
# strings). TikTok pays out from USD 50; the IDR figure is about the same.
EARNINGS_PAYOUT_THRESHOLDS = {
    "IDR": os.environ.get("EARNINGS_PAYOUT_THRESHOLD_IDR", "800000.00"),
    "USD": os.environ.get("EARNINGS_PAYOUT_THRESHOLD_USD", "50.00"),
}
# Gross earnings in a calendar year (IDR) above which a creator must give an
# NPWP before being paid out; earnings in USD count at EARNINGS_IDR_PER_USD.
EARNINGS_NPWP_REQUIRED_ABOVE = os.environ.get("EARNINGS_NPWP_REQUIRED_ABOVE", "60000000.00")
EARNINGS_IDR_PER_USD = os.environ.get("EARNINGS_IDR_PER_USD", "16000")
# Days a payout method that replaces another waits before payouts go to it, so
# a creator told of a change they did not make (by email) can stop it in time.
EARNINGS_NEW_METHOD_WAIT_DAYS = int(os.environ.get("EARNINGS_NEW_METHOD_WAIT_DAYS", "3"))
# Minutes after which a payout still processing (the provider was down, or the
# run stopped before asking it) is sent again, by the hourly task.
EARNINGS_RESEND_AFTER_MINUTES = int(os.environ.get("EARNINGS_RESEND_AFTER_MINUTES", "60"))
# The payout provider: a dotted path to an ``earnings.providers.PayoutProvider``.
PAYOUT_PROVIDER = os.environ.get(
    "PAYOUT_PROVIDER",
    "earnings.disbursements.XenditPayoutProvider"
    if XENDIT_SECRET_KEY
    else "earnings.providers.SandboxPayoutProvider",
)

# --- Receipts and invoices (issue 17) ---
# Where DejaVu Sans is (Debian's fonts-dejavu-core); without it PDFs fall back
# to Helvetica, which prints only Latin-1.
BILLING_FONT_DIR = os.environ.get("BILLING_FONT_DIR", "/usr/share/fonts/truetype/dejavu")
# The seller on receipts and invoices: its legal name and address lines ("|" between lines).
BILLING_SELLER_NAME = os.environ.get("BILLING_SELLER_NAME", "Portal")
BILLING_SELLER_ADDRESS = [
    line.strip()
    for line in os.environ.get("BILLING_SELLER_ADDRESS", "Jakarta|Indonesia").split("|")
    if line.strip()
]
# The previous month's business invoices, on the 1st (Asia/Jakarta).
CELERY_BEAT_SCHEDULE["monthly-business-invoices"] = {
    "task": "billing.tasks.monthly_invoices",
    "schedule": crontab(day_of_month=1, hour=4, minute=0),
}

# --- Payouts through Xendit (issue 17) ---
# Each save of a payout method asks the bank for the name on the account: limit
# how often one creator may ask, so the form cannot be used to look up names.
RATE_LIMITS["payout_account_check"] = (
    int(os.environ.get("EARNINGS_ACCOUNT_CHECKS_PER_HOUR", "10")),
    60 * 60,
)

# --- Payment gateway (issue 17) ---
# How long a buyer has to pay a checkout (Xendit's invoice_duration), in seconds.
PAYMENT_INVOICE_DURATION_SECONDS = int(os.environ.get("PAYMENT_INVOICE_DURATION_SECONDS", "86400"))
# The methods the hosted checkout offers (Xendit's payment_methods).
PAYMENT_METHODS = env_list(
    "PAYMENT_METHODS",
    [
        "QRIS",
        "OVO",
        "DANA",
        "SHOPEEPAY",
        "LINKAJA",
        "ASTRAPAY",
        "BCA",
        "BNI",
        "BRI",
        "MANDIRI",
        "PERMATA",
        "CREDIT_CARD",
    ],
)
CELERY_BEAT_SCHEDULE["expire-unpaid-payments"] = {
    "task": "payments.tasks.expire_unpaid_payments",
    "schedule": 15 * 60,
}
# The buy and top-up forms redirect to Xendit's hosted checkout, which CSP's
# form-action must allow.
if PAYMENT_PROVIDER == "payments.gateway.XenditProvider":
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"] += [
        "https://checkout.xendit.co",
        "https://checkout-staging.xendit.co",
    ]

# --- Buyers' refund requests (issue 18, the refunds part) ---
# A buyer may ask for a refund of a Series this many days after buying it.
SERIES_REFUND_REQUEST_DAYS = int(os.environ.get("SERIES_REFUND_REQUEST_DAYS", "7"))

# --- The matcher past one machine (issue 19, the fan-out part) ---
# The periodic full refresh sends one task per this many live campaigns; each
# worker process loads the creators once per refresh and reuses them.
MATCHING_CAMPAIGNS_PER_TASK = int(os.environ.get("MATCHING_CAMPAIGNS_PER_TASK", "50"))
