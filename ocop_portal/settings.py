"""Settings of the OCOP portal, read from the environment.

Every variable is documented in `.env.example`. `OCOP_ENV` picks the profile:
`development` (the default: `make run` works with no editing), `test` (pytest) or `production`
(secrets mandatory, secure cookies, HSTS, JSON logs).
"""

import datetime
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from ocop_portal.env import env_bool, env_int, env_list, env_secret, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

OCOP_ENV = env_str("OCOP_ENV", "development")
if OCOP_ENV not in {"development", "test", "production"}:
    raise ImproperlyConfigured(
        f"OCOP_ENV must be development, test or production; got {OCOP_ENV!r}"
    )
PRODUCTION = OCOP_ENV == "production"

SECRET_KEY = env_secret(
    "DJANGO_SECRET_KEY",
    required=PRODUCTION,
    development_value="development-only-secret-key-not-for-production-use-0123456789",
)
# Debug pages leak settings and data: they exist only on a developer's machine, and only when
# asked for (DJANGO_DEBUG=1): `make run` shows the portal's own Vietnamese error pages, as
# users see them.
DEBUG = OCOP_ENV == "development" and env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "ocop_portal.admin_apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "simple_history",
    "axes",
    "csp",
    "ocop_portal",
    "accounts",
    "subjects",
    "products",
    "evaluation",
    "promotion",
    "reports",
    "producers",
    "guide",
]

MIDDLEWARE = [
    # First: everything after it (the login lockout, logs) sees the real client address.
    "ocop_portal.client_ip.ClientAddressMiddleware",
    # Before anything reads the body: oversized requests are refused by their Content-Length.
    "ocop_portal.limits.RequestBodyLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "ocop_portal.input_guard.RefuseNulBytesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Logged-in pages and downloads are never kept by a browser or proxy cache (shared PCs).
    "ocop_portal.cache_policy.PrivateNoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A producer's account reaches only its workspace, account pages and the public site.
    "accounts.middleware.ProducerConfinementMiddleware",
    # After authentication and messages: a repeated form post is answered with a notice.
    "ocop_portal.form_token.SubmitOnceMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "ocop_portal.replica.ReplicaReadsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes must come last: it turns a locked-out login into its own response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ocop_portal.urls"
WSGI_APPLICATION = "ocop_portal.wsgi.application"

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
                "accounts.context_processors.scope",
                "guide.context_processors.help_link",
            ],
        },
    },
]

# --- Database and broker -------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ocop"),
        # Persistent connections in production; health checks drop a connection that a
        # PostgreSQL restart has killed instead of failing the next request.
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60 if PRODUCTION else 0),
        conn_health_checks=True,
    )
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# An optional streaming replica for the heavy read-only pages and the report jobs
# (ocop_portal/replica.py); writes and a user's reads right after a write use the primary.
if env_str("DATABASE_REPLICA_URL", ""):
    DATABASES["replica"] = dj_database_url.parse(
        env_str("DATABASE_REPLICA_URL", ""),
        conn_max_age=DATABASES["default"]["CONN_MAX_AGE"],
        conn_health_checks=True,
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["ocop_portal.replica.ReplicaRouter"]
# Behind PgBouncer in transaction mode a connection may change server between statements:
# server-side cursors (which live across statements) must not be used.
if env_bool("DATABASE_PGBOUNCER", False):
    for _alias in DATABASES.values():
        _alias["DISABLE_SERVER_SIDE_CURSORS"] = True
else:
    # PostgreSQL's JIT compiler is meant for long analytical queries; at national scale the
    # catalogue's and the landing page's queries pass its cost threshold and spent longer
    # compiling (0.8 s) than running. Off for the portal's own connections; behind PgBouncer,
    # which passes no startup options, set `jit = off` on the database (docs/deployment.md).
    for _alias in DATABASES.values():
        _alias.setdefault("OPTIONS", {})["options"] = "-c jit=off"
DATABASES["default"].setdefault("TEST", {})["NAME"] = env_str("DATABASE_TEST_NAME", "test_ocop")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL", "redis://127.0.0.1:6379/0")

CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = None  # results live in the database rows the tasks update
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True  # a worker killed mid-task leaves the message for another worker
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A request that queues a job must not hang when Redis is down: fail fast, the job row stays.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_TIMEZONE = "Asia/Ho_Chi_Minh"
# Tests run tasks in-process, except the ones that start a real worker (they switch it off).
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", OCOP_ENV == "test")
# A report job still queued this long after it was asked for never reached the broker (Redis
# was down) and is sent again; one running this long lost its worker and is handed back. A
# province report takes seconds, so the margins are wide.
REPORT_UNSENT_AFTER_SECONDS = env_int("REPORT_UNSENT_AFTER_SECONDS", 120)
REPORT_STALLED_AFTER_SECONDS = env_int("REPORT_STALLED_AFTER_SECONDS", 900)
# A register file of at most this many rows is checked and imported within the request (the
# importer sees the result at once, even without a worker); a larger one goes to a worker, with a
# progress bar. An import still "running" this long after it started lost its worker: it is
# shown as failed and its importer may run it again (rows already written are not repeated).
REGISTER_IMPORT_INLINE_ROWS = env_int("REGISTER_IMPORT_INLINE_ROWS", 300)
REGISTER_IMPORT_STALLED_AFTER_SECONDS = env_int("REGISTER_IMPORT_STALLED_AFTER_SECONDS", 1800)
# Beat has a worker record a heartbeat every minute; with none for this long, /healthz says
# "degraded" and the report pages tell users their report will wait.
WORKER_SEEN_WITHIN_SECONDS = env_int("WORKER_SEEN_WITHIN_SECONDS", 300)
WORKER_HEARTBEAT_SECONDS = env_int("WORKER_HEARTBEAT_SECONDS", 60)
CELERY_BEAT_SCHEDULE = {
    "worker-heartbeat": {
        "task": "ocop_portal.tasks.record_heartbeat",
        "schedule": float(WORKER_HEARTBEAT_SECONDS),
    },
    "requeue-stalled-reports": {
        "task": "reports.tasks.requeue_stalled_reports",
        "schedule": float(env_int("REPORT_SWEEP_SECONDS", 300)),
    },
    "monthly-province-report": {
        "task": "reports.tasks.monthly_province_report",
        "schedule": crontab(day_of_month=1, hour=6, minute=0),
    },
    "sweep-register-imports": {
        "task": "evaluation.tasks.sweep_register_imports",
        "schedule": 300.0,
    },
    "certificate-expiry-reminders": {
        "task": "evaluation.tasks.send_expiry_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
    "stars-in-force": {
        "task": "products.tasks.refresh_stars_in_force",
        "schedule": crontab(hour=0, minute=5),
    },
}

# The shared cache (sessions, public pages, scope areas, indicators): Redis, so that every web
# node sees the same entries; a Redis that does not answer makes it a cache that misses
# (ocop_portal/cache.py). Tests use a per-process memory cache, emptied before each test.
CACHE_URL = env_str("CACHE_URL", "" if OCOP_ENV == "test" else REDIS_URL)
if CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "ocop_portal.cache.TolerantRedisCache",
            "LOCATION": CACHE_URL,
            # several portals (or `make bench`'s two data sets) may share one Redis
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX") or "ocop",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    # Sessions read from the cache and fall back to the database, where they are kept.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Separate queues, so that a burst of reports never delays invitations and reminders. A
# worker started without -Q consumes all of them (the default of `make run` and the tests);
# a larger deployment runs workers per queue (see docs/deployment.md).
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_QUEUES = {
    name: {"exchange": name, "routing_key": name}
    for name in ("default", "reports", "mail", "maintenance")
}
CELERY_TASK_ROUTES = {
    "reports.tasks.build_report": {"queue": "reports"},
    "reports.tasks.monthly_province_report": {"queue": "reports"},
    "accounts.tasks.*": {"queue": "mail"},
    # a register import is long, user-facing work: not among reminders and sweeps
    "evaluation.tasks.run_register_import": {"queue": "default"},
    "evaluation.tasks.*": {"queue": "maintenance"},
    "products.tasks.*": {"queue": "maintenance"},
    "ocop_portal.tasks.*": {"queue": "maintenance"},
    "reports.tasks.requeue_stalled_reports": {"queue": "maintenance"},
}

# --- Users, login, sessions ------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if OCOP_ENV == "test":
    # A cheap hasher keeps the test suite fast; production uses Django's default PBKDF2.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "reports:home"
LOGOUT_REDIRECT_URL = "accounts:login"
# Links sent by e-mail: a password reset link works for 2 hours, an invitation for 7 days;
# either works once (setting the password makes the link stale).
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT", 2 * 3600)
INVITATION_TIMEOUT = env_int("INVITATION_TIMEOUT", 7 * 24 * 3600)
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)  # one working day
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True

# Reverse proxies whose X-Forwarded-For is believed (addresses or networks, comma-separated).
# Behind the deployment's proxy every connection comes from the proxy; without this the portal
# would see one client. A header from anyone else is ignored (ocop_portal/client_ip.py).
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", [])
# Login throttling: five wrong passwords for one username from one client address make that
# pair wait AXES_COOLOFF_MINUTES. The same username from any other address is not affected,
# so guessing a colleague's password cannot lock them out of their own office.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 10))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "ocop_portal.client_ip.client_address"
AXES_LOCKOUT_CALLABLE = "ocop_portal.limits.login_throttled"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

# --- Internationalisation: Vietnamese first ---------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Ho_Chi_Minh")
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["ocop_portal.formats"]

# --- Static and uploaded files -----------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "var" / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
# Files only the portal's views hand out, after a scope check (never served as media).
PRIVATE_FILES_ROOT = Path(env_str("PRIVATE_FILES_ROOT", str(BASE_DIR / "var" / "private")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Outside production whitenoise serves straight from the source folders (no collectstatic).
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION
# Object storage (S3-compatible) for a deployment with several web nodes: product photos
# under media/, private files (evidence, imports, reports) under private/, handed out only by
# the portal's views after their scope checks. Local folders stay the single-machine default.
OBJECT_STORAGE_BUCKET = env_str("OBJECT_STORAGE_BUCKET", "")
if OBJECT_STORAGE_BUCKET:
    _object_storage = {
        "bucket_name": OBJECT_STORAGE_BUCKET,
        "endpoint_url": env_str("OBJECT_STORAGE_ENDPOINT", "") or None,
        "access_key": env_str("OBJECT_STORAGE_ACCESS_KEY", ""),
        "secret_key": env_str("OBJECT_STORAGE_SECRET_KEY", ""),
        "region_name": env_str("OBJECT_STORAGE_REGION", "us-east-1"),
        "file_overwrite": False,
    }
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {**_object_storage, "location": "media", "querystring_auth": False},
    }
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_object_storage,
            "location": "private",
            "default_acl": "private",
            # Signed links, if a view ever hands one out, expire within a minute.
            "querystring_auth": True,
            "querystring_expire": 60,
        },
    }
# The largest request body any form takes (the register workbook is 20 MB, plus the form
# around it); larger ones are refused by Content-Length before being read (ocop_portal/limits.py).
# The reverse proxy caps bodies at the same size.
REQUEST_BODY_MAX_BYTES = env_int("REQUEST_BODY_MAX_MB", 25) * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

FORM_RENDERER = "ocop_portal.form_renderer.PortalFormRenderer"
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- E-mail ------------------------------------------------------------------------------------
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "ocop@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Absolute address of the portal, for links in e-mails.
# Without a setting, the address `make run` serves (OCOP_PORT, default 8000).
OCOP_PORT = env_int("OCOP_PORT", 8000)
OCOP_SITE_URL = env_str("OCOP_SITE_URL", f"http://127.0.0.1:{OCOP_PORT}")
# The office a visitor reports a counterfeit certificate to (shown on the certificate check).
OCOP_REPORT_OFFICE = {
    "name": env_str(
        "OCOP_REPORT_OFFICE_NAME", "Chi cục Phát triển nông thôn, Sở Nông nghiệp và Môi trường"
    ),
    "phone": env_str("OCOP_REPORT_OFFICE_PHONE", ""),
    "email": env_str("OCOP_REPORT_OFFICE_EMAIL", ""),
    "address": env_str("OCOP_REPORT_OFFICE_ADDRESS", ""),
}


def _signer(name: str, default: str) -> dict:
    """ "AUTHORITY|TITLE|Full Name" (authority may be empty: "|GIÁM ĐỐC|Nguyễn Văn A")."""
    parts = (env_str(name, default).split("|") + ["", "", ""])[:3]
    return {"authority": parts[0].strip(), "title": parts[1].strip(), "name": parts[2].strip()}


# Printed documents (Nghị định 30/2020): the issuing body of the OCOP office's reports and who
# signs each kind of document. The registry gives document numbers, so none is invented here.
OCOP_DOCUMENT_ISSUER = {
    "governing": env_str("OCOP_DOC_GOVERNING", "UBND TỈNH QUẢNG TRỊ"),
    "issuer": env_str("OCOP_DOC_ISSUER", "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG"),
    "symbol": env_str("OCOP_DOC_SYMBOL", "SNNMT"),
    "place": env_str("OCOP_DOC_PLACE", "Quảng Trị"),
    "province_authority": env_str("OCOP_DOC_PROVINCE_AUTHORITY", "ỦY BAN NHÂN DÂN|TỈNH QUẢNG TRỊ"),
    "province_chair": env_str("OCOP_DOC_PROVINCE_CHAIR", "Chủ tịch UBND tỉnh Quảng Trị"),
    # Separated by ";" (an entry such as "Lưu: VT, CCPTNT" has commas of its own).
    "report_recipients": [
        item.strip()
        for item in env_str(
            "OCOP_DOC_REPORT_RECIPIENTS",
            "UBND tỉnh (b/c);Văn phòng Điều phối NTM tỉnh;Lưu: VT, CCPTNT",
        ).split(";")
        if item.strip()
    ],
}
OCOP_DOCUMENT_SIGNERS = {
    "report": _signer("OCOP_SIGNER_REPORT", "KT. GIÁM ĐỐC|PHÓ GIÁM ĐỐC|"),
    # A council's summary and minutes: the names come from the council's seats unless set here.
    "council_chair": _signer("OCOP_SIGNER_COUNCIL_CHAIR", "|CHỦ TỊCH HỘI ĐỒNG|"),
    "council_secretary": _signer("OCOP_SIGNER_COUNCIL_SECRETARY", "|THƯ KÝ HỘI ĐỒNG|"),
    # The decision's annex and the certificates: from who signed the decision unless set here.
    "decision": _signer("OCOP_SIGNER_DECISION", "||"),
}


def _recipients(name: str, default: str) -> list[str]:
    return [item.strip() for item in env_str(name, default).split(";") if item.strip()]


# "Nơi nhận" of each kind of document, separated by ";".
OCOP_DOCUMENT_RECIPIENTS = {
    "report": OCOP_DOCUMENT_ISSUER["report_recipients"],
    "council": _recipients(
        "OCOP_DOC_COUNCIL_RECIPIENTS",
        "Chủ tịch UBND (b/c);Cơ quan thường trực Chương trình OCOP;Các thành viên Hội đồng;"
        "Lưu: VT, Hội đồng",
    ),
    "decision": _recipients("OCOP_DOC_DECISION_RECIPIENTS", ""),
}

# --- Security headers --------------------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
    }
}
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    # /healthz is probed over plain HTTP from inside the deployment's network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# --- Logging: JSON lines in production, readable text elsewhere ----------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
        "server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
    },
    "filters": {
        "refusal_without_traceback": {"()": "ocop_portal.log_filters.RefusalWithoutTraceback"},
        "not_logged_by_django_request": {"()": "ocop_portal.log_filters.NotLoggedByDjangoRequest"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if PRODUCTION else "text",
        },
        "server": {
            "class": "logging.StreamHandler",
            "formatter": "server",
            "filters": ["not_logged_by_django_request"],
        },
    },
    "root": {
        "handlers": ["console"],
        "level": env_str("LOG_LEVEL", "WARNING" if OCOP_ENV == "test" else "INFO"),
    },
    "loggers": {
        # One line per refused request: Django's own console handler (a second copy under
        # DEBUG) is removed, everything goes to the root handler once, and a 4xx line carries
        # no traceback (ocop_portal/log_filters.py).
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.request": {"filters": ["refusal_without_traceback"]},
        "django.server": {"handlers": ["server"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# The portal's own settings.
OCOP_DEMO_PASSWORD = "ocop-demo-2026"
