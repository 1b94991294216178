"""Django settings. Everything a deployment changes comes from the environment (see docs/deployment.md)."""

import os
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from csp.constants import NONE, SELF

from readingroom.home import data_home
from readingroom.secret_key import secret_key

PACKAGE_DIR = Path(__file__).resolve().parent
HOME = data_home()

DEBUG = os.environ.get("READINGROOM_DEBUG") == "1"
SECRET_KEY = secret_key(HOME)


def base_url(url: str) -> str:
    """READINGROOM_BASE_URL: the archive's public address, scheme and host (`https://archive.example.org`)."""
    parts = urlsplit(url.strip())
    if parts.scheme not in {"http", "https"} or not parts.hostname or parts.path not in {"", "/"}:
        raise ValueError(f"READINGROOM_BASE_URL: {url!r} is not an address such as https://archive.example.org")
    return f"{parts.scheme}://{parts.netloc}"


# Absolute links (sitemaps, feeds, OAI-PMH identifiers, robots.txt, citations) use this address when it is set, and
# the address each request was sent to otherwise (see readingroom.web.addresses).
BASE_URL = base_url(os.environ["READINGROOM_BASE_URL"]) if os.environ.get("READINGROOM_BASE_URL") else ""
# The host names the archive answers to; a request naming another gets 400, so a forged Host header never reaches
# the links above. READINGROOM_ALLOWED_HOSTS is this setting's earlier name. Unset, this machine's loopback names:
# `readingroom serve` adds the address it listens on.
HOSTS_CONFIGURED = os.environ.get("READINGROOM_HOSTS") or os.environ.get("READINGROOM_ALLOWED_HOSTS") or ""
ALLOWED_HOSTS = [host.strip() for host in HOSTS_CONFIGURED.split(",") if host.strip()] or [
    "localhost",
    "127.0.0.1",
    "[::1]",
]
if BASE_URL:
    ALLOWED_HOSTS.append(urlsplit(BASE_URL).hostname or "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "axes",
    "corsheaders",
    "django_tasks",
    "django_tasks_db",
    "readingroom.records",
    "readingroom.web",
    "readingroom.staff",
]

MIDDLEWARE = [
    "corsheaders.middleware.CorsMiddleware",  # first, so that it answers preflight requests itself
    "readingroom.web.addresses.base_url_middleware",  # before anything reads the request's host
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "readingroom.web.long_addresses.RefuseLongAddressesMiddleware",
    "readingroom.web.nul.RefuseNulMiddleware",  # before anything that may query the database
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "readingroom.web.limits.RateLimitMiddleware",
]

ROOT_URLCONF = "readingroom.urls"
WSGI_APPLICATION = "readingroom.wsgi.application"

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


def database_settings(url: str | None, variable: str = "READINGROOM_DATABASE_URL") -> dict[str, Any]:
    """SQLite in the data directory, or the PostgreSQL server a URL names: postgresql://user:password@host:port/name,
    with any libpq parameters as a query (`?sslmode=verify-full&connect_timeout=10`)."""
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": HOME / "readingroom.sqlite3",
            "OPTIONS": {
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000; "
                    "PRAGMA cache_size=-65536;"  # 64 MB of pages (2 MB by default): imports of millions of rows
                ),
                "transaction_mode": "IMMEDIATE",
                "timeout": 30,
            },
        }
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql"}:
        raise ValueError(f"{variable}: unsupported scheme {parts.scheme!r}; use postgresql://")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parts.path.lstrip("/")),
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": unquote(parts.hostname or ""),
        "PORT": str(parts.port or ""),
        # Each web worker thread keeps its connection for a minute, checked before reuse, rather than one a request.
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": {"application_name": "readingroom", "connect_timeout": 5, **dict(parse_qsl(parts.query))},
    }


DATABASES = {"default": database_settings(os.environ.get("READINGROOM_DATABASE_URL"))}
if REPLICA_URL := os.environ.get("READINGROOM_DATABASE_REPLICA_URL"):
    # Readers' pages read from a streaming replica of the primary (see readingroom/replica.py).
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise ValueError("READINGROOM_DATABASE_REPLICA_URL needs READINGROOM_DATABASE_URL to name the primary")
    DATABASES["replica"] = {
        **database_settings(REPLICA_URL, "READINGROOM_DATABASE_REPLICA_URL"),
        "TEST": {"MIRROR": "default"},
    }
    DATABASE_ROUTERS = ["readingroom.replica.ReplicaRouter"]
    MIDDLEWARE.insert(1, "readingroom.replica.replica_reads")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Work that takes long (reading scans) runs as jobs kept in the database, by `readingroom work` or the worker
# `readingroom serve` starts: on SQLite and on a PostgreSQL database that several machines' workers share.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
# Static files are served by WhiteNoise straight from the package; no collectstatic step is needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Cross-origin reads of the API from any site's scripts; nothing else of the site is shared. Add other read-only
# paths (such as the OAI-PMH endpoint, r"^/(api/|oai$)") to the expression.
CORS_URLS_REGEX = r"^/api/"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_ALLOW_HEADERS = ("accept", "accept-language", "content-language", "if-none-match")
CORS_EXPOSE_HEADERS = ("ETag",)
CORS_ALLOW_CREDENTIALS = False

SESSION_ENGINE = "django.contrib.sessions.backends.db"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Staff sign-in: Argon2 password hashes, a lockout after repeated failures, sessions that end.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
LOGIN_URL = "/staff/login/"
# Where sign-in leads when its `next=` is missing or refused (another site): Django's /accounts/profile/ is no page.
LOGIN_REDIRECT_URL = "/staff/"
SESSION_COOKIE_AGE = 8 * 3600
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# Served over HTTPS (behind a proxy that terminates TLS and says so in X-Forwarded-Proto): secure cookies, and
# Strict-Transport-Security, which the security middleware sends on HTTPS requests only.
HTTPS = os.environ.get("READINGROOM_HTTPS") == "1"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_HSTS_SECONDS = 365 * 24 * 3600
CSRF_TRUSTED_ORIGINS = [origin for origin in os.environ.get("READINGROOM_TRUSTED_ORIGINS", "").split(",") if origin]

# Rate limits on exports, feeds and deep pages (readingroom.web.limits); behind N proxies that append to
# X-Forwarded-For, READINGROOM_PROXIES=N says which address is the client's.
RATE_LIMITS = os.environ.get("READINGROOM_RATE_LIMITS", "1") != "0"
TRUSTED_PROXIES = int(os.environ.get("READINGROOM_PROXIES") or 0)

# No inline scripts anywhere: every script is a file served by the archive itself.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
# OAI-PMH (see docs/oai.md). Item identifiers are oai:<repository id>:<document id>; without a repository id set,
# the host name the request was sent to serves, so set one where the archive answers under more than one name.
OAI_REPOSITORY_ID = os.environ.get("READINGROOM_OAI_REPOSITORY_ID", "").strip().lower()
OAI_REPOSITORY_NAME = os.environ.get("READINGROOM_OAI_REPOSITORY_NAME", "readingroom")
OAI_ADMIN_EMAIL = os.environ.get("READINGROOM_OAI_ADMIN_EMAIL", "")
OAI_PAGE_SIZE = int(os.environ.get("READINGROOM_OAI_PAGE_SIZE") or 100)
# Files staff upload on the import page (staff/imports.py): larger ones get a 413 page pointing to the command line.
MAX_UPLOAD_BYTES = int(os.environ.get("READINGROOM_MAX_UPLOAD_MB") or 200) * 1024 * 1024

LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"readingroom": {"handlers": ["console"], "level": "INFO"}},
}
