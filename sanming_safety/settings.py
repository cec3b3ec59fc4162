"""Settings for Sanming Safety, read from the environment.

DEBUG is off unless set. DATABASE_URL defaults to a SQLite file and REDIS_URL,
when unset, makes Celery run tasks in-process: a fresh machine runs the site
with no services. Production sets SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL and
REDIS_URL.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-for-debug"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# A failed CSRF check is explained in Chinese, in the site's shell.
CSRF_FAILURE_VIEW = "base.errors.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "knox",
    "axes",
    "csp",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "django_celery_beat",
    "django_htmx",
    "base",
    "sanming_safety",
    "grid",
    "hazards",
    "inspections",
    "training",
    "enforcement",
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
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last: it turns a refused login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# History is read one record at a time (base.history.History), never across records by date.
SIMPLE_HISTORY_DATE_INDEX = False

# A user's jurisdiction and role (one-to-one with the user); the base reads it by name.
OFFICIAL_MODEL = "grid.Official"

ROOT_URLCONF = "sanming_safety.urls"
WSGI_APPLICATION = "sanming_safety.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "base.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Login lockout (django-axes), for the login page and POST /api/token/ alike: after
# LOGIN_FAILURE_LIMIT failures for one account, or from one address, even the right
# password is refused for LOGIN_LOCKOUT_MINUTES. An administrator unlocks in /admin/
# (访问尝试: delete the rows) or with `manage.py axes_reset_username NAME`.
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "sanming_safety.auth.lockout_response"
AXES_CLIENT_IP_CALLABLE = "base.ratelimit.client_ip"
# Reverse proxies in front of the site that append X-Forwarded-For (0: clients connect directly).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Uploaded workbooks and photos: a county's enterprise sheet is a few MB.
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Imports are refused before parsing above these sizes: the upload itself and
# its zip members inflated (a 20,000-row sheet is about 25 MB of XML).
IMPORT_MAX_FILE_MB = int(os.environ.get("IMPORT_MAX_FILE_MB", "20"))
IMPORT_MAX_UNCOMPRESSED_MB = int(os.environ.get("IMPORT_MAX_UNCOMPRESSED_MB", "60"))
# Imports of more data rows run as a background job, so no web worker is held for a minute.
IMPORT_SYNC_ROWS = int(os.environ.get("IMPORT_SYNC_ROWS", "2000"))

# Attachments (a supervision guide's PDF or Word file) are refused above this size.
UPLOAD_MAX_ATTACHMENT_MB = int(os.environ.get("UPLOAD_MAX_ATTACHMENT_MB", "20"))

# Exports larger than this many rows are written by a background task.
EXPORT_SYNC_ROWS = int(os.environ.get("EXPORT_SYNC_ROWS", "5000"))

# The city's and the counties' aggregates (工作台, 综合看板, 挂包领导 round) are kept this many seconds
# and the page says as of when; 0 computes them on every request. A township's own numbers are always live.
DASHBOARD_CACHE_SECONDS = int(os.environ.get("DASHBOARD_CACHE_SECONDS", "300"))

# E-mail: notices are also sent by mail where an address is known.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "安全生产监管平台 <noreply@localhost>")

# Security: production is HTTPS behind a proxy that sets X-Forwarded-Proto.
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}

# Celery: with no broker configured, tasks run in-process so a fresh machine works.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE = {
    "daily-jobs": {
        "task": "base.tasks.run_cadence",
        "schedule": crontab(hour=1, minute=0),
        "args": ("daily",),
    },
    "monthly-jobs": {
        "task": "base.tasks.run_cadence",
        "schedule": crontab(hour=2, minute=0, day_of_month=1),
        "args": ("monthly",),
    },
    "quarterly-jobs": {
        "task": "base.tasks.run_cadence",
        "schedule": crontab(hour=3, minute=0, day_of_month=1, month_of_year="1,4,7,10"),
        "args": ("quarterly",),
    },
    "half-yearly-jobs": {
        "task": "base.tasks.run_cadence",
        "schedule": crontab(hour=3, minute=30, day_of_month=1, month_of_year="1,7"),
        "args": ("half-yearly",),
    },
    "yearly-jobs": {
        "task": "base.tasks.run_cadence",
        "schedule": crontab(hour=4, minute=0, day_of_month=1, month_of_year="1"),
        "args": ("yearly",),
    },
}
if DASHBOARD_CACHE_SECONDS > 0:
    CELERY_BEAT_SCHEDULE["renew-kept-numbers"] = {
        "task": "sanming_safety.tasks.renew_kept_numbers",
        "schedule": DASHBOARD_CACHE_SECONDS,
        "options": {"expires": DASHBOARD_CACHE_SECONDS},
    }

# Hazards and risk points. The e-map's tile layer (e.g. a 天地图 server; empty:
# a plain background that works offline) and an optional boundary GeoJSON file.
RISK_MAP_TILE_URL = os.environ.get("RISK_MAP_TILE_URL", "")
RISK_MAP_TILE_ATTRIBUTION = os.environ.get("RISK_MAP_TILE_ATTRIBUTION", "")
RISK_MAP_BOUNDARY_FILE = os.environ.get("RISK_MAP_BOUNDARY_FILE", "")
# The big screen (大屏) fetches its numbers again every this many seconds.
SCREEN_REFRESH_SECONDS = int(os.environ.get("SCREEN_REFRESH_SECONDS", "60"))
# The e-map's hazard layer shows at most this many (the most urgent first).
RISK_MAP_MAX_HAZARDS = int(os.environ.get("RISK_MAP_MAX_HAZARDS", "3000"))


def tile_source(url: str) -> list[str]:
    """The CSP source of the tile server, e.g. "https://*.tianditu.gov.cn" for "https://t{s}.tianditu.gov.cn/…"."""
    if "://" not in url:
        return []
    scheme, rest = url.split("://", 1)
    host = rest.split("/", 1)[0]
    if "{" in host:
        host = "*." + host.split(".", 1)[1]
    return [f"{scheme}://{host}"]


# Content-Security-Policy (django-csp): scripts only from our own static files, never inline.
# Inline style attributes stay allowed (Bootstrap's progress bars, Leaflet's markers).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:", *tile_source(RISK_MAP_TILE_URL)],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}


def env_bands(name: str, default: str) -> tuple[float, float, float]:
    """Minimum scores of red, orange and yellow (below yellow: blue), e.g. "20,15,9"."""
    red, orange, yellow = (float(part) for part in os.environ.get(name, default).split(","))
    if not red > orange > yellow:
        raise ImproperlyConfigured(f"{name} must be three descending numbers: red,orange,yellow")
    return red, orange, yellow


# Published tables disagree on the bands, so they are settings. LS (R = L×S,
# L and S 1–5): R ≥ 20 重大, ≥ 15 较大, ≥ 9 一般, else 低. LEC (D = L×E×C,
# Graham–Kinney): D ≥ 320 重大, ≥ 160 较大, ≥ 70 一般, else 低.
RISK_LS_BANDS = env_bands("RISK_LS_BANDS", "20,15,9")
RISK_LEC_BANDS = env_bands("RISK_LEC_BANDS", "320,160,70")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "knox.auth.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "base.pagination.Pagination",
    "DEFAULT_SCHEMA_CLASS": "base.api.AutoSchema",
    "EXCEPTION_HANDLER": "base.api.exception_handler",
    "PAGE_SIZE": 50,
}
# API tokens (django-rest-knox): stored as SHA-512 digests, sent as "Authorization: Token <token>".
API_TOKEN_TTL_DAYS = int(os.environ.get("API_TOKEN_TTL_DAYS", "7"))
REST_KNOX = {
    "TOKEN_TTL": datetime.timedelta(days=API_TOKEN_TTL_DAYS),
    "AUTH_HEADER_PREFIX": "Token",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "三明市安全生产监管平台 API",
    "DESCRIPTION": "Sanming Safety REST API. Every list is scoped to the caller's jurisdiction.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Fields named "grade" carry two choice sets (hazard grade, risk grade).
    "ENUM_NAME_OVERRIDES": {
        "HazardGradeEnum": "hazards.choices.HazardGrade.choices",
        "RiskGradeEnum": "base.choices.RiskGrade.choices",
        "IndustryEnum": "grid.choices.Industry.choices",
        "SupervisionLevelEnum": "base.choices.SupervisionLevel.choices",
        "PhaseKindEnum": "inspections.choices.PhaseKind.choices",
        "GridIndustryEnum": "grid.choices.GridIndustry.choices",
        "CheckInMethodEnum": "training.choices.CheckInMethod.choices",
        "AssessmentMethodEnum": "hazards.choices.AssessmentMethod.choices",
        "AccidentLevelEnum": "base.choices.AccidentLevel.choices",
    },
}


LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
