"""Django settings. Everything a deployment changes comes from the environment (see docs/deployment.md)."""

import os
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from readingroom.home import data_home

PACKAGE_DIR = Path(__file__).resolve().parent
HOME = data_home()

DEBUG = os.environ.get("READINGROOM_DEBUG") == "1"
SECRET_KEY = os.environ.get("READINGROOM_SECRET_KEY") or "readingroom-insecure-key-set-READINGROOM_SECRET_KEY"
ALLOWED_HOSTS = [host for host in os.environ.get("READINGROOM_ALLOWED_HOSTS", "*").split(",") if host]

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "readingroom.records",
    "readingroom.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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


def database_settings(url: str | None) -> dict[str, Any]:
    """SQLite in the data directory, or the PostgreSQL server named by `READINGROOM_DATABASE_URL`."""
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
        raise ValueError(f"READINGROOM_DATABASE_URL: unsupported scheme {parts.scheme!r}; use postgresql://")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parts.path.lstrip("/")),
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
    }


DATABASES = {"default": database_settings(os.environ.get("READINGROOM_DATABASE_URL"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
# Static files are served by WhiteNoise straight from the package; no collectstatic step is needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

SESSION_ENGINE = "django.contrib.sessions.backends.db"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"readingroom": {"handlers": ["console"], "level": "INFO"}},
}
