"""Settings, configured from the environment only.

With no configuration the project runs embedded: SQLite in WAL mode and a Celery worker on kombu's
filesystem broker, both under the data directory. `DATABASE_URL` and `CELERY_BROKER_URL` switch the
same code to PostgreSQL and Redis. `FXS_ENV=production` turns on every deployment safeguard.
"""

import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from backend.config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parents[2]
FXS_ENV = env_str("FXS_ENV", "development")
if FXS_ENV not in {"development", "production"}:
    raise ImproperlyConfigured("FXS_ENV must be 'development' or 'production'")
PRODUCTION = FXS_ENV == "production"

DATA_DIR = Path(env_str("FXS_DATA_DIR", str(BASE_DIR / "var"))).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _embedded_secret_key() -> str:
    """A per-installation key kept in the data directory, so sessions survive restarts."""
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = env_str("DJANGO_SECRET_KEY") or ("" if PRODUCTION else _embedded_secret_key())
if PRODUCTION and len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set to at least 50 random characters")

DEBUG = env_bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])
CSRF_FAILURE_VIEW = "backend.common.errors.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "axes",
    "backend.common",
    "backend.audit",
    "backend.accounts",
    "backend.notifications",
    "backend.rates",
    "backend.declarations",
    "backend.rulebooks",
    "backend.screening",
    "backend.reviews",
    "backend.evidence",
    "backend.processing",
]

MIDDLEWARE = [
    "backend.common.middleware.RequestIdMiddleware",
    "backend.common.middleware.RequestLimitsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Above WhiteNoise, so the SPA's files and index get the same policy as every answer.
    "csp.middleware.CSPMiddleware",
    "backend.common.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: turns a sign-in refused by the lock-out policy into a 429 with Retry-After.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "backend.config.urls"
WSGI_APPLICATION = "backend.config.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
SQLITE_BUSY_TIMEOUT_MS = 20_000  # the worker and gunicorn write concurrently on one host
# A 64 MiB page cache per connection (SQLite's default is 2 MiB): a bulk import's index pages
# stay in memory instead of spilling to the WAL mid-transaction.
SQLITE_OPTIONS = {
    "init_command": (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536; "
        f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS};"
    ),
    "transaction_mode": "IMMEDIATE",
    "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000,
}
DATABASE_URL = env_str("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'db.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)
}
EMBEDDED_DATABASE = DATABASES["default"]["ENGINE"].endswith("sqlite3")
if EMBEDDED_DATABASE:
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = SQLITE_OPTIONS
    # A file, not memory, so a real worker process can share the test database.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test-db.sqlite3")}

# --- Cache -----------------------------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(DATA_DIR / "cache"),
        }
    }

# --- Celery -----------------------------------------------------------------------------------
BROKER_DIR = DATA_DIR / "broker"
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL") or "filesystem://"
EMBEDDED_BROKER = CELERY_BROKER_URL.startswith("filesystem")
if EMBEDDED_BROKER:
    for _sub in ("queue", "processed", "control"):
        (BROKER_DIR / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "processed_folder": str(BROKER_DIR / "processed"),
        # Broadcast (pidbox) exchanges; without this kombu writes them under the current directory.
        "control_folder": str(BROKER_DIR / "control"),
        "store_processed": False,
        # How often an idle worker lists the queue folder (kombu's default is every second):
        # a declaration's verdict shows up to a second sooner, for ten directory reads a second.
        "polling_interval": 0.1,
    }
else:
    # Redis: a message taken by a worker that dies without acknowledging it (SIGKILL, power loss)
    # is handed to another worker once this many seconds have passed since delivery. Longer than
    # any task runs (a task running past it would be delivered twice: harmless, every task being
    # idempotent, but wasted work); short enough that a crash delays work by minutes, not hours.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": env_int("FXS_BROKER_VISIBILITY_TIMEOUT_SECONDS", 15 * 60)
    }
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True  # every task is idempotent, so redelivery after a crash is safe
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "Africa/Casablanca"
CELERY_BEAT_SCHEDULE_FILENAME = str(DATA_DIR / "celerybeat-schedule")
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Work still pending this long was probably lost on the way (broker outage, crash): the periodic
# sweep hands it over again. The grace keeps the sweep from racing the normal after-commit hand-off.
PROCESSING_SWEEP_GRACE_SECONDS = env_int("FXS_PROCESSING_SWEEP_GRACE_SECONDS", 300)
# Whole participants per re-screening call after a late or revised rate publication: one call
# in the publication's own transaction when it moves no more; above, chunks of this many
# handed to the workers.
PROCESSING_RATES_PARTICIPANTS_PER_CHUNK = env_int(
    "FXS_PROCESSING_RATES_PARTICIPANTS_PER_CHUNK", 250
)
# Health: the beat sends a heartbeat every 30 s; three missed beats make the worker stale.
WORKER_HEARTBEAT_STALE_SECONDS = env_int("FXS_WORKER_HEARTBEAT_STALE_SECONDS", 90)

# --- Auth, sessions, security ---------------------------------------------------------------------
# Who the client is: the number of reverse proxies in front of the web process that append the
# client address to X-Forwarded-For (0 when gunicorn faces clients, as in the run command; 1
# behind the compose nginx, which overwrites the header). See backend/common/client.py.
TRUSTED_PROXY_COUNT = env_int("FXS_TRUSTED_PROXY_COUNT", 0)
# Sign-in lock-out (django-axes; the policy is backend/accounts/signin.py): failures only, per
# username and per IP address, on the API and the admin; the cool-off doubles with each lock-out
# of the same username or address within a day.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
SIGNIN_USER_FAILURES = env_int("FXS_SIGNIN_USER_FAILURES", 5)
SIGNIN_IP_FAILURES = env_int("FXS_SIGNIN_IP_FAILURES", 50)  # an office shares one address
SIGNIN_COOL_OFF = timedelta(minutes=env_int("FXS_SIGNIN_COOL_OFF_MINUTES", 15))
SIGNIN_COOL_OFF_MAX = timedelta(hours=24)
AXES_HANDLER = "backend.accounts.signin.SignInLockoutHandler"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_FAILURE_LIMIT = SIGNIN_USER_FAILURES
AXES_COOLOFF_TIME = "backend.accounts.signin.cool_off"
AXES_CLIENT_IP_CALLABLE = "backend.common.client.client_ip"
AXES_USERNAME_CALLABLE = "backend.accounts.signin.attempted_username"
AXES_LOCKOUT_CALLABLE = "backend.accounts.signin.lockout_response"
# A refusal during a lock neither extends it nor counts: the lock ends when it said it would.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# A success must not wipe the address's failures (one valid account would reset an attacker's
# count for every username behind that address).
AXES_RESET_ON_SUCCESS = False
# Successes are in the audit trail already; failures too (backend.accounts.signin).
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_VERBOSE = False
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
API_TOKEN_DEFAULT_DAYS = env_int("FXS_API_TOKEN_DEFAULT_DAYS", 90)
API_TOKEN_MAX_DAYS = 365  # a machine credential older than a year is a liability
SESSION_COOKIE_AGE = 8 * 60 * 60  # one working day
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp; Django 5.2 has none built in): scripts, styles, fonts,
# images and API calls from this origin only; no inline script or style, no plugin, no framing.
# The SPA's build has no inline code, and React and its charts set styles through the DOM, which
# the policy allows. Kept in step with docker/security-headers.conf (nginx serves the SPA there).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    # TLS terminates at the reverse proxy, which tells us the original scheme.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_REDIRECT_EXEMPT = [r"^api/v1/health/$"]

# --- I18N -----------------------------------------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("en", "English")]
TIME_ZONE = "Africa/Casablanca"
USE_I18N = True
USE_TZ = True

# --- Static files, the SPA and uploads ------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
FRONTEND_DIST = BASE_DIR / "frontend" / "dist"
WHITENOISE_ROOT = FRONTEND_DIST if FRONTEND_DIST.is_dir() else None
MEDIA_ROOT = DATA_DIR / "media"
# Declaration uploads: limits are checked before a file is parsed (nginx must allow the same size).
DECLARATION_IMPORT_MAX_BYTES = env_int("FXS_IMPORT_MAX_BYTES", 25 * 1024 * 1024)
DECLARATION_IMPORT_MAX_ROWS = env_int("FXS_IMPORT_MAX_ROWS", 100_000)
DECLARATION_DOCUMENT_MAX_BYTES = env_int("FXS_DOCUMENT_MAX_BYTES", 10 * 1024 * 1024)
# Request limits (nginx and gunicorn hold the same or looser ones, see docker/): a JSON or form body
# up to 2.5 MiB (Django's default, stated), at most 1,000 form fields, a multipart upload up to the
# largest file accepted plus room for its form fields, an address up to 4,096 characters.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1_000
MULTIPART_MAX_BYTES = max(DECLARATION_IMPORT_MAX_BYTES, DECLARATION_DOCUMENT_MAX_BYTES) + 2**20
MAX_URL_LENGTH = 4_096
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# --- Email ----------------------------------------------------------------------------------------
# The address people reach the web interface at: links in e-mails point there.
FXS_PUBLIC_URL = env_str("FXS_PUBLIC_URL", "http://127.0.0.1:8000")
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "FX Sandbox Tracker <no-reply@localhost>")
if env_str("DJANGO_EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env_str("DJANGO_EMAIL_HOST")
    EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("DJANGO_EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env_str("DJANGO_EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = True
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(DATA_DIR / "mail")

# --- API ------------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "backend.accounts.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["backend.common.parsers.SafeJSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "backend.common.pagination.CursorPagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "EXCEPTION_HANDLER": "backend.common.errors.problem_exception_handler",
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.ScopedRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {},
    # Throttles identify clients through the same trusted proxies as everything else.
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # UTC with a literal Z: true only because backend.common.apps makes every DateTimeField
    # convert to UTC (not to TIME_ZONE) before formatting.
    "DATETIME_FORMAT": "%Y-%m-%dT%H:%M:%S.%fZ",
    "COERCE_DECIMAL_TO_STRING": True,
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "FX Sandbox Tracker API",
    "DESCRIPTION": (
        "Cross-border payments of Moroccan startups, converted to MAD and screened against the "
        "exchange-control rules in force and a sandbox proposal."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "HealthStatusEnum": ["ok", "degraded"],
        "DeclarationStatusEnum": [
            "received",
            "converted",
            "screened",
            "pending_rate",
            "withdrawn",
        ],
        "ImportStatusEnum": ["queued", "running", "done", "failed"],
        "PublicationStateEnum": ["published", "non_publication", "awaited"],
        "SourceEnum": "backend.rates.models.PayloadFormat",
        "RateSourceEnum": "backend.rates.models.RateSource",
        "StateEnum": [
            "open",
            "in_review",
            "awaiting_startup",
            "decided",
            "closed",
            "reopened",
        ],
        # Rulebooks: version lifecycle and rulebook kind (shared with the screening answers).
        "RulebookVersionStatusEnum": "backend.rulebooks.models.VersionStatus",
        "RulebookKindEnum": "backend.rulebooks.models.RulebookKind",
        # Screening: a rulebook's kind and a finding's outcome as verdicts show them (a
        # declaration's own answer and a list row's brief alike).
        "RulebookRefKindEnum": ["in_force", "proposed"],
        "FindingOutputOutcomeEnum": ["breach", "needs_review", "pending_rate", "open"],
        # Reviews: what a request to a startup asks for, and where it stands.
        "CaseRequestKindEnum": ["documents", "explanation"],
        "CaseRequestStatusEnum": ["open", "answered", "withdrawn"],
        # Reviews: what a case follows (one payment, or one breach of a cumulative rule).
        "CaseKindEnum": ["per_payment", "cumulative"],
        # Document kinds: a declaration's documents and a startup's answer share them.
        "DeclarationDocumentInputKindEnum": "backend.reviews.serializers.DOCUMENT_KIND_CODES",
        # The participant facts rules read: a finding's missing facts, a participant's unknowns.
        "ParticipantFactEnum": "backend.accounts.models.ParticipantFact",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "backend.common.middleware.RequestIdLogFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["request_id"],
        },
    },
    "root": {"handlers": ["console"], "level": env_str("FXS_LOG_LEVEL", "INFO")},
    "loggers": {"django.request": {"level": "ERROR"}},
}

# --- Exchange-rate providers ------------------------------------------------------------------
# Bank Al-Maghrib's API needs a subscription key; without one the provider reports itself
# "not configured" and the bundled or imported rates are used.
BAM_SUBSCRIPTION_KEY = env_str("BAM_SUBSCRIPTION_KEY")
BAM_BASE_URL = env_str("BAM_BASE_URL", "https://api.centralbankofmorocco.ma")
ECB_BASE_URL = env_str("ECB_BASE_URL", "https://www.ecb.europa.eu")
# A value date with no publication uses the last one within this many BAM publication days
# (weekends, Moroccan holidays and 25-26 December have none); past it the answer is "no rate".
RATES_LOOKBACK_PUBLICATION_DAYS = env_int("FXS_RATES_LOOKBACK_PUBLICATION_DAYS", 5)
# A payload moving any rate by more than this fraction from the previous publication is
# quarantined. The dirham's basket peg keeps EUR and USD within a few tenths of a percent a day;
# 0.30 still lets a real devaluation of a floating currency (EGP lost ~40 % in 2024 in steps)
# through, whereas a misplaced unit (x10, x100) never passes.
RATES_MAX_DAILY_MOVE = env_str("FXS_RATES_MAX_DAILY_MOVE", "0.30")
# Labelled estimates for days past the look-back: off unless a deployment explicitly opts in.
RATES_ALLOW_ESTIMATES = env_bool("FXS_RATES_ALLOW_ESTIMATES", default=False)

# --- Reviews (issue 6): how long a case may wait for a decision, by the severity of its worst
# flag, in hours (calendar hours). Defaults: critical 1 day, high 3, medium 5, low 10 days.
REVIEWS_SLA_HOURS = {
    "critical": env_int("FXS_REVIEWS_SLA_CRITICAL_HOURS", 24),
    "high": env_int("FXS_REVIEWS_SLA_HIGH_HOURS", 72),
    "medium": env_int("FXS_REVIEWS_SLA_MEDIUM_HOURS", 120),
    "low": env_int("FXS_REVIEWS_SLA_LOW_HOURS", 240),
}
# New cases go round-robin to available regulators unless this is off.
REVIEWS_AUTO_ASSIGN = env_bool("FXS_REVIEWS_AUTO_ASSIGN", default=True)

# --- Demo data ------------------------------------------------------------------------------
# Demo users are refused in production (see the load_demo command).
DEMO_PASSWORD = env_str("DEMO_PASSWORD")

# Impact evidence (issue 7): advocates never see a cell built from fewer participants than this
# (at least 3; an admin's disclosure policy may raise it), and MAD volumes are rounded to this unit.
EVIDENCE_MIN_PARTICIPANTS = env_int("FXS_EVIDENCE_MIN_PARTICIPANTS", 5)
EVIDENCE_ROUNDING_MAD = env_int("FXS_EVIDENCE_ROUNDING_MAD", 1000)
# The dashboard answers from the year's stored figures while they are younger than this after a
# change, saying so, and the worker's refresh (every minute) counts the change; 0: every request
# after a change computes the year itself first.
EVIDENCE_STALE_SECONDS = env_int("FXS_EVIDENCE_STALE_SECONDS", 300)
