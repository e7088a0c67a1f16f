"""Settings shared by every environment. The database comes from RENJA_DATABASE_URL.

SQLite (the embedded default) lives in RENJA_HOME (default: ./.renja); PostgreSQL is selected with
RENJA_DATABASE_URL=postgresql://user@host:port/name.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE

from renja.core import logging as renja_logging

BASE_DIR = Path(__file__).resolve().parent.parent
RENJA_HOME = Path(os.environ.get("RENJA_HOME", Path.cwd() / ".renja")).resolve()

SECRET_KEY = os.environ.get("RENJA_SECRET_KEY", "renja-development-key-not-for-production")
DEBUG = os.environ.get("RENJA_DEBUG", "0") == "1"
ALLOWED_HOSTS = [h for h in os.environ.get("RENJA_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "csp",
    "axes",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "renja.organizations",
    "renja.reference",
    "renja.plans",
    "renja.renstra",  # the Renstra's five-year matrix
    "renja.rules",  # the checker's stored findings
    "renja.monitoring",
    "renja.workflow",
    "renja.tasks",  # documents produced in the background
    "renja.audit",  # the audit log: logins, downloads, workflow steps, account changes
    "renja.opendata",  # open data of set plans at /data/
    "renja.web",
    "rest_framework",
    "drf_spectacular",
    "renja.api",  # the REST API (/api/v1/) and personal API tokens
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "renja.web.limits.RequestSizeLimitMiddleware",  # a body larger than the largest upload: 413 before it is read
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "renja.web.middleware.AtomicWritesMiddleware",  # one transaction per writing request (see the module)
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",  # history records who made each change
    "renja.audit.middleware.DownloadsMiddleware",  # every download recorded in the audit log
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # login throttling; last, as django-axes requires
]

ROOT_URLCONF = "renja.urls"
WSGI_APPLICATION = "renja.wsgi.application"

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
                "renja.web.context.profil",
            ],
        },
    },
]


def database_from_env():
    url = os.environ.get("RENJA_DATABASE_URL")
    if not url:
        url = f"sqlite:///{RENJA_HOME / 'renja.sqlite3'}"
    database = dj_database_url.parse(url, conn_max_age=60)
    if database["ENGINE"].endswith("sqlite3"):
        database["OPTIONS"] = {
            # Writers take the lock when their transaction begins and others wait for it (up to `timeout`
            # seconds) instead of failing with "database is locked" half-way through.
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            # WAL: readers never wait for a writer, nor a writer for readers.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        }
    return database


DATABASES = {"default": database_from_env()}
# Every writing request is one transaction (renja.web.middleware.AtomicWritesMiddleware): a view that fails
# half-way leaves nothing half-written. ATOMIC_REQUESTS stays off: it would make page views queue on SQLite.
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia")]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = False  # money is formatted by our own filters; ids and years stay plain

STATIC_URL = "static/"
STATIC_ROOT = RENJA_HOME / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Long work (document downloads) runs in the background: the tasks wait in the database (no broker) and
# `renja worker` runs them; `renja serve` starts one beside itself unless RENJA_NO_WORKER=1.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    },
}
# Produced documents, kept for download until the plan they were made from changes.
RENJA_DOCUMENTS = RENJA_HOME / "documents"
# Plan files uploaded in the app ("Unggah Renja"), kept with the upload's record.
RENJA_IMPORTS = RENJA_HOME / "imports"

# The tree, findings and dashboard pages keep what they make of a plan per data version in Django's cache
# (renja/web/kept.py). Local memory is per process: each gunicorn worker fills its own, and a restart empties
# it. MAX_ENTRIES bounds it (the tree of 400 sub kegiatan is kept compressed, about 70 KB with and without its
# edit links); the least recently used entries go first.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "renja",
        "OPTIONS": {"MAX_ENTRIES": 500},
    },
}

# Workbook imports (renja/exchange/workbook): a file larger than this, or a sheet with more rows, is refused
# before it is read; the uncompressed content may be at most RENJA_IMPORT_MAX_RATIO times the file (zip bombs).
RENJA_IMPORT_MAX_BYTES = int(os.environ.get("RENJA_IMPORT_MAX_BYTES", 20 * 1024 * 1024))
RENJA_IMPORT_MAX_ROWS = int(os.environ.get("RENJA_IMPORT_MAX_ROWS", 20000))

# Requests: a body (an upload) larger than the largest file any form takes, plus the form around it, is refused
# with 413 before it is read (renja.web.limits); the forms check each file's own limit (plan files
# RENJA_IMPORT_MAX_BYTES, realisation workbooks 20 MB, ceilings 5 MB). nginx's client_max_body_size says the same.
RENJA_REQUEST_MAX_BYTES = int(os.environ.get("RENJA_REQUEST_MAX_BYTES", RENJA_IMPORT_MAX_BYTES + 1024 * 1024))
# A form of the app posts at most a few thousand fields (the row comments of a plan of 1.000 sub kegiatan).
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000

# Content Security Policy (django-csp): scripts and stylesheets only from Renja's own static files, no inline
# script, nothing from elsewhere, no framing. Style *attributes* stay allowed (style-src-attr): bars, meters and
# category swatches carry their width and colour, computed on the server, in a style attribute; an attribute
# cannot run script. <style> elements are not allowed (style-src-elem 'self').
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "style-src-elem": [SELF],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Sessions: an office computer is shared; a session ends when the browser closes, and after
# RENJA_SESSION_HOURS (default 10: a working day) whatever happens. Not renewed on every request: on SQLite that
# would be a write, queueing for the lock, behind every page view.
SESSION_COOKIE_AGE = int(float(os.environ.get("RENJA_SESSION_HOURS", 10)) * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Passwords set in the admin or with `manage.py changepassword` are checked by Django's validators; their
# messages are in Indonesian (Django's own translation).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Argon2id first (see renja/organizations/passwords.py); the others only verify hashes stored before it, and
# Django re-hashes those at the next login.
PASSWORD_HASHERS = [
    "renja.organizations.passwords.Argon2idHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:login"

# The REST API (renja/api): a personal token or the session; JSON only (the browsable API's scripts and styles
# would fight the CSP); one error shape (renja.api.errors); RENJA_API_RATE requests per token (or user).
RENJA_API_RATE = os.environ.get("RENJA_API_RATE", "600/min")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["renja.api.auth.TokenAuthentication", "rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["renja.api.throttling.PerTokenThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser", "rest_framework.parsers.FormParser",
                               "rest_framework.parsers.MultiPartParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "renja.api.errors.handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Renja API",
    "DESCRIPTION": "API Renja: Pemda, Perangkat Daerah, Renstra, Renja (pohon, ringkasan, temuan, perbandingan "
                   "tahap), realisasi per triwulan, pemantauan dan data referensi. Setiap jawaban berisi apa yang "
                   "dapat dilihat pengguna token itu di aplikasi.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SCHEMA_PATH_PREFIX": "/api/v1/",
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "renja.api.schema.add_errors"],
}

# Login throttling (django-axes): after 5 failed attempts for a username from one address, that login is
# locked for an hour. The lock-out page speaks Indonesian.
AUTHENTICATION_BACKENDS = [
    "renja.organizations.backends.ReadOnlyRoleBackend",  # a read-only role holds no write permission
    "axes.backends.AxesStandaloneBackend",
    "renja.organizations.backends.ProfilBackend",  # ModelBackend reading the user with their Profil
    "django.contrib.auth.backends.ModelBackend",  # for the sessions opened before ProfilBackend
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "renja.organizations.lockout.locked_out"
AXES_USERNAME_CALLABLE = "renja.organizations.lockout.username_of"

# Every server error is logged with its request, its user and the code the 500 page shows.
LOGGING = renja_logging.config(RENJA_HOME / "logs")
