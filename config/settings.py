"""Settings of Welcome Ambassador, every knob read from the environment.

With no environment at all this runs the embedded first-run set-up: SQLite in the project,
Celery tasks executed eagerly in the web process, e-mail written to files. A city's deployment
sets DATABASE_URL (PostgreSQL), CELERY_BROKER_URL (Redis), SECRET_KEY and DEBUG=false; the
README lists every variable.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import django_stubs_ext
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from django_guid.integrations import CeleryIntegration

from config.environment import (
    env,
    read_bool,
    read_cache,
    read_choice,
    read_database,
    read_int,
    read_list,
    read_str,
    read_timezone,
)
from config.logging import FORMATS, LEVELS, logging_settings

# Lets type parameters on Django's generic classes (ModelAdmin[User]) work at run time.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent
env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = read_bool("DEBUG", True)

_DEVELOPMENT_SECRET_KEY = "development-only-insecure-key-never-use-in-production-0123456789"  # noqa: S105 - used only with DEBUG on
SECRET_KEY = read_str("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY: required when DEBUG is false.")
    SECRET_KEY = _DEVELOPMENT_SECRET_KEY

ALLOWED_HOSTS = read_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = read_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = read_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # Django's widget templates, for the project's form renderer (core.forms.FormRenderer).
    "django.forms",
    "rest_framework",
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "allauth",
    "allauth.account",
    "django_guid",
    "allauth.mfa",
    "auditlog",
    "core",
    "accounts",
    "volunteers",
    "training",
    "newcomers",
    "matching",
    "commitments",
    "certificates",
    "safeguarding",
    "reports",
    "privacy",
    "demo",
]

MIDDLEWARE = [
    # Operations (docs/operations.md): request metrics wrap everything; probes are answered
    # before host validation and the HTTPS redirect; every later line carries the request id.
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "core.health.HealthCheckMiddleware",
    "django_guid.middleware.guid_middleware",
    "config.logging.RequestLogMiddleware",
    "core.parsers.BodyLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The audit trail's actor: the signed-in person, or the API token's (see accounts.audit).
    "accounts.audit.AuditActorMiddleware",
    "accounts.scoping.ProgramScopeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "accounts.security.NoStoreForSignedInMiddleware",
    "accounts.security.RequireTwoFactorMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

# The audit trail (accounts.audit): programme-owned models have scoped default managers, so
# auditlog reads a row's previous state through the base manager; masked fields are stored
# as "***" ("changed", without the value).
AUDITLOG_USE_BASE_MANAGER = True
AUDITLOG_MASK_CALLABLE = "accounts.audit.mask_value"

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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

FORM_RENDERER = "core.forms.FormRenderer"

DATABASES = {"default": read_database("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = read_int("CONN_MAX_AGE", 0, minimum=0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite (development, tests): a writer takes the lock when its transaction begins and
    # others wait for it (up to `timeout` seconds) instead of failing; readers never wait (WAL).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL;",
        }
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT compilation: it pays off for long analytical queries, while a page's count over
    # 12,000 requests crosses its cost threshold and spent 25 ms compiling to save none.
    options = DATABASES["default"].setdefault("OPTIONS", {})
    if "jit" not in options.get("options", ""):  # beside any the URL gives (?options=...)
        options["options"] = f"{options.get('options', '')} -c jit=off".strip()
    # Parameters bound by the server, and a statement prepared once a connection has run it five
    # times: PostgreSQL then plans it once per connection kept open (CONN_MAX_AGE). A
    # participant's match query spent 3.7 ms planning its joins for 0.6 ms of work. Off behind
    # a pooler that cannot keep prepared statements (docs/operations.md).
    if read_bool("DATABASE_PREPARED_STATEMENTS", True):
        options.setdefault("server_side_binding", True)
        options.setdefault("prepare_threshold", 5)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
# Argon2id first (argon2-cffi): older hashes (PBKDF2, Argon2 with other costs) are upgraded
# to it at the person's next sign-in.
PASSWORD_HASHERS = [
    "accounts.hashers.TunedArgon2PasswordHasher",  # also reads Argon2 hashes of other costs
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# Languages: every page and label exists in Polish, Ukrainian and English.
LANGUAGE_CODE = read_choice("LANGUAGE_CODE", "pl", {"pl", "uk", "en"})
LANGUAGES = [("pl", _("Polish")), ("uk", _("Ukrainian")), ("en", _("English"))]
# Dates with the month in words and 24-hour times in each language (config/formats).
FORMAT_MODULE_PATH = ["config.formats"]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = read_timezone("TIME_ZONE", "Europe/Warsaw")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(read_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
MEDIA_URL = "media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed, compressed names in production; plain files in the first-run set-up, so
        # that it works without collectstatic.
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        ),
    },
}

# The cache behind every limit (sign-in failures, one-use TOTP codes, the public certificate
# check): processes count together only when they share it, so production points CACHE_URL
# at Redis (redis://host:6379/1); the embedded first run keeps it in the process (locmemcache://).
CACHES = {"default": read_cache("CACHE_URL", "locmemcache://")}

# E-mail: files on disk by default so a first run can read what the platform sent.
EMAIL_BACKEND = read_str("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = read_str("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))
EMAIL_HOST = read_str("EMAIL_HOST", "localhost")
EMAIL_PORT = read_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = read_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = read_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = read_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = read_str("DEFAULT_FROM_EMAIL", "Welcome Ambassador <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: Redis in production; without a broker the first run executes tasks eagerly.
CELERY_BROKER_URL = read_str("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = read_bool("CELERY_TASK_ALWAYS_EAGER", not CELERY_BROKER_URL)
if not CELERY_BROKER_URL:
    if not CELERY_TASK_ALWAYS_EAGER:
        raise ImproperlyConfigured(
            "CELERY_BROKER_URL: required when CELERY_TASK_ALWAYS_EAGER is false."
        )
    CELERY_BROKER_URL = "memory://"
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_TIME_LIMIT = read_int("CELERY_TASK_TIME_LIMIT", 600, minimum=1)
CELERY_TASK_SOFT_TIME_LIMIT = read_int(
    "CELERY_TASK_SOFT_TIME_LIMIT", CELERY_TASK_TIME_LIMIT - 30, minimum=1
)
# A worker takes one message at a time, so a message it holds unacknowledged (acks_late)
# is never stuck behind a long task when the worker dies.
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    # Expired completions untrain volunteers; lapses within 30 days get their one e-mail.
    # Open requests ask "Do you still need help?"; unanswered ones are paused (#18).
    "still-needed-daily": {
        "task": "newcomers.still_needed_daily",
        "schedule": crontab(hour=9, minute=0),
    },
    "training-daily": {"task": "volunteers.training_daily", "schedule": crontab(hour=5, minute=30)},
    # Quiet matches reminded, quieter ones flagged at risk, finished ones completed, surveys.
    "commitments-daily": {
        "task": "matching.monitor_commitments",
        "schedule": crontab(hour=6, minute=0),
    },
    # Each coordinator's Monday summary: requests waiting, matches at risk, completions.
    "coordinator-digest-weekly": {
        "task": "matching.coordinator_digest",
        "schedule": crontab(hour=7, minute=0, day_of_week="mon"),
    },
    # Requests and matches closed longer than the programme's retention are anonymised.
    "retention-sweep-daily": {
        "task": "matching.retention_sweep",
        "schedule": crontab(hour=3, minute=30),
    },
    # Safeguarding case records closed longer than their own retention (10 years by default).
    "concerns-retention-daily": {
        "task": "safeguarding.concerns_retention",
        "schedule": crontab(hour=3, minute=45),
    },
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.ScopedTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "core.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["core.parsers.BoundedJSONParser"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
if DEBUG:
    REST_FRAMEWORK["DEFAULT_RENDERER_CLASSES"].append(  # type: ignore[attr-defined]
        "rest_framework.renderers.BrowsableAPIRenderer"
    )

# JSON bodies: at most this many bytes (413 beyond) and this deep (400 beyond); none of the
# API's inputs comes close.
API_MAX_BODY_BYTES = read_int("API_MAX_BODY_BYTES", 1_048_576, minimum=1024)
API_MAX_JSON_DEPTH = 32

# knox's own token model (not swapped: accounts.ApiTokenRecord adds what it lacks); named
# because accounts' migrations refer to it through this setting.
KNOX_TOKEN_MODEL = "knox.AuthToken"  # noqa: S105 - a model name
REST_KNOX = {
    # knox's own table, read with accounts.ApiTokenRecord (second factor, last use) joined.
    "TOKEN_MODEL": "accounts.ApiToken",
    "AUTH_HEADER_PREFIX": "Token",
    "TOKEN_TTL": timedelta(days=read_int("API_TOKEN_TTL_DAYS", 30, minimum=1)),
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Welcome Ambassador API",
    "DESCRIPTION": "Residents mentor newly arrived migrants: profiles, matching, "
    "commitments and certificates.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "DEFAULT_GENERATOR_CLASS": "accounts.schema.ScopeFreeSchemaGenerator",
    "ENUM_NAME_OVERRIDES": {
        "SkillEnum": "core.vocabulary.SKILL_CHOICES",
        "LanguageCodeEnum": "core.vocabulary.LANGUAGE_CODES",
        "LevelEnum": "core.vocabulary.LEVELS",
        "CertificateKindEnum": "certificates.models.CertificateKind",
        "CertificateBatchStatusEnum": "certificates.models.BatchStatus",
        "ConcernStatusEnum": "safeguarding.models.ConcernStatus",
    },
}

# django-allauth: e-mail is the login; sign-up asks for role and programme.
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
# Volunteers and newcomers who sign up are visible to others only once their address is
# confirmed (accounts.verification), so there is no "none": `optional` lets them sign in and
# fill in their profile meanwhile, `mandatory` waits for the link before the first sign-in.
ACCOUNT_EMAIL_VERIFICATION = read_choice(
    "ACCOUNT_EMAIL_VERIFICATION", "optional", {"optional", "mandatory"}
)
# Long enough for an imported volunteer's invitation, which is a confirmation link.
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 7
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupForm"
ACCOUNT_FORMS = {"add_email": "accounts.email_forms.AddEmailWithPasswordForm"}
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"

# Signed-in requests read their session from the shared cache (one database round trip
# fewer each); every write goes through to the database, which `accounts.services` scans to
# end a person's sessions. Only with a shared cache: a process's own memory would keep a
# session ended elsewhere alive in that process.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    else "django.contrib.sessions.backends.db"
)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# No inline scripts or styles anywhere: pages load CSS and JS from static files (data for
# charts travels in json_script blocks, which are not executed).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Sign-in throttling (API tokens here; allauth's own limit for the sign-in page below): the
# sixth failure for one e-mail and address within the window answers 429 and is logged.
SIGN_IN_FAILURES_ALLOWED = read_int("SIGN_IN_FAILURES_ALLOWED", 5, minimum=1)
SIGN_IN_FAILURE_WINDOW = read_int("SIGN_IN_FAILURE_WINDOW", 300, minimum=1)
# ...and the failures from one client address, whatever the e-mail (someone trying many
# accounts): the same number allauth allows the sign-in page per address.
SIGN_IN_FAILURES_PER_ADDRESS = read_int("SIGN_IN_FAILURES_PER_ADDRESS", 20, minimum=1)
# Coordinators and staff see everyone in a programme: they sign in with a second factor
# (TOTP app, with recovery codes). Off only in the embedded first-run default (DEBUG).
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Welcome Ambassador"
TWO_FACTOR_REQUIRED_FOR_COORDINATORS = read_bool("TWO_FACTOR_REQUIRED_FOR_COORDINATORS", not DEBUG)
ACCOUNT_RATE_LIMITS = {
    "login_failed": (
        f"{SIGN_IN_FAILURES_ALLOWED}/{SIGN_IN_FAILURE_WINDOW}s/key,"
        f"{SIGN_IN_FAILURES_PER_ADDRESS}/{SIGN_IN_FAILURE_WINDOW}s/ip"
    )
}
# The account's own address hears of every change to it: a new or changed e-mail address, a
# new or reset password, a second factor added or removed (allauth's notifications).
ACCOUNT_EMAIL_NOTIFICATIONS = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Production answers only over HTTPS behind the city's proxy; every switch can be turned off
# for a deployment that terminates TLS elsewhere.
SECURE_SSL_REDIRECT = read_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = read_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = read_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = read_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = read_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = read_bool("SECURE_HSTS_PRELOAD", not DEBUG)

# Logs: JSON lines in production, text in development; request ids follow into tasks.
LOG_LEVEL = read_choice("LOG_LEVEL", "INFO", LEVELS)
LOG_FORMAT = read_choice("LOG_FORMAT", "text" if DEBUG else "json", FORMATS)
LOGGING = logging_settings(level=LOG_LEVEL, log_format=LOG_FORMAT)
DJANGO_GUID = {
    "GUID_HEADER_NAME": "X-Request-ID",
    "INTEGRATIONS": [CeleryIntegration(log_parent=True)],
}
# /metrics: staff, or `Authorization: Bearer <METRICS_TOKEN>` (empty: staff only).
METRICS_TOKEN = read_str("METRICS_TOKEN", "")
# /readyz wants a worker heartbeat younger than this (workers write one every 30 s).
WORKER_HEARTBEAT_MAX_AGE = read_int("WORKER_HEARTBEAT_MAX_AGE", 180, minimum=60)

# Certificates: the Ed25519 key that signs them (base64 seed or PEM; see `manage.py
# generate_certificate_key`), the public keys (z6Mk...) of retired keys whose certificates
# must keep verifying, and the rate of public checks per client address. Without a key the
# first-run set-up signs with a published development key (worthless as a signature, never
# SECRET_KEY); with DEBUG off, a deployment without its own key does not start.
_DEVELOPMENT_CERTIFICATE_KEY = "MHErwQ1jfOHIhnjkrhKjrV2l2cRPlaA0VOTU383HN4w"
CERTIFICATE_SIGNING_KEY = read_str("CERTIFICATE_SIGNING_KEY", "")
if not CERTIFICATE_SIGNING_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("CERTIFICATE_SIGNING_KEY: required when DEBUG is false.")
    CERTIFICATE_SIGNING_KEY = _DEVELOPMENT_CERTIFICATE_KEY
CERTIFICATE_PREVIOUS_KEYS = read_list("CERTIFICATE_PREVIOUS_KEYS", [])
CERTIFICATE_VERIFY_RATE = read_str("CERTIFICATE_VERIFY_RATE", "60/min")
# Volunteer agreements signed electronically (volunteers.signatures): files (PEM or DER) of the
# root certificates a signer's certificate must chain to, e.g. the trusted profile's
# (Profil Zaufany) and the qualified trust services' roots from the EU trusted list. Empty:
# any intact signature of the whole unchanged agreement is kept, marked as not trusted.
AGREEMENT_SIGNATURE_TRUST_ROOTS = read_list("AGREEMENT_SIGNATURE_TRUST_ROOTS", [])
# Proxies in front of the web processes: the client address is that many hops from the end
# of X-Forwarded-For (0, the default: the connection's own address, and the header is
# ignored, so an app reached directly cannot be fooled by a forged one). The shipped nginx
# site is one proxy: its deployments set TRUSTED_PROXIES=1 (deploy/). Every limit counted per
# client address (sign-in, registration, the public certificate check) reads it.
# CERTIFICATE_VERIFY_PROXIES is its former name, still read.
TRUSTED_PROXIES = read_int(
    "TRUSTED_PROXIES", read_int("CERTIFICATE_VERIFY_PROXIES", 0, minimum=0), minimum=0
)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXIES

GEOCODER = read_choice("GEOCODER", "offline", {"offline", "nominatim"})
GEOCODER_USER_AGENT = read_str("GEOCODER_USER_AGENT", "welcome-ambassador")
