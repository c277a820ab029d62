"""The one settings module: every value comes from an environment variable (docs/configuration.md)."""

from __future__ import annotations

from datetime import timedelta

from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from cocreate import env

DATA_DIR = env.data_dir()
DEBUG = env.env_bool("DEBUG", False)
SECRET_KEY = env.secret_key(DATA_DIR)
# The keys that encrypt the most private text and files at rest, the current one first (docs/security.md).
ENCRYPTION_KEYS = env.encryption_keys(DATA_DIR)
ALLOWED_HOSTS = env.env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env.env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",  # serves the API docs' Swagger UI from this site, not a CDN the CSP would block
    "axes",
    # allauth.mfa's authenticators behind our own sign-in (docs/security.md "Second factor"). allauth.account is
    # installed because allauth.mfa imports its models; its pages and sign-in are not routed.
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_tasks",
    "django_tasks_db",
    "cocreate.tasks",
    "cocreate.encryption",
    "cocreate.accounts",
    "cocreate.access",
    "cocreate.care",
    "cocreate.inbox",
    "cocreate.library",
    "cocreate.agreements",
    "cocreate.measures",
    "cocreate.protocols",
    "cocreate.medicine",
    "cocreate.integration",
    "cocreate.alliance",
    "cocreate.equity",
    "cocreate.reminders",
    "cocreate.interop",
    "cocreate.audit",
    "cocreate.demo",
    "cocreate.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",  # gives allauth.mfa the request it reads (passkeys)
    "cocreate.access.recording.AccessEventsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # The idle timeout marks the session as seen before the two below read what the session remembers
    # (accounts/session_memo.py).
    "cocreate.web.middleware.SessionTimeoutMiddleware",
    "cocreate.accounts.zones.TimeZoneMiddleware",
    "cocreate.accounts.second_factor.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "cocreate.web.middleware.NoStoreMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cocreate.urls"
WSGI_APPLICATION = "cocreate.wsgi.application"

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
                "cocreate.web.context.navigation",
                "cocreate.inbox.context.unread",
            ],
        },
    }
]

DATABASES = {"default": env.database(env.env_str("DATABASE_URL", ""), DATA_DIR)}
# Sessions and drawn charts (measures/chart_cache.py): by default files in the data directory, which every process
# of one server shares; several servers share Redis (docs/configuration.md, "Cache").
CACHES = {"default": env.cache(env.env_str("CACHE_URL", ""), DATA_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# --- Background tasks (cocreate/tasks, docs/configuration.md "Background work") --------------------------------
# "database": tasks wait in the database for `cocreate worker`; "immediate": they run at once in the process that
# queues them (no worker needed, but a slow mail server then slows the request that sent mail).
TASKS_BACKEND = env.env_str("TASKS_BACKEND", "database").strip().lower()
if TASKS_BACKEND not in ("database", "immediate"):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"TASKS_BACKEND={TASKS_BACKEND!r} must be database or immediate.")
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend" if TASKS_BACKEND == "database"
                     else "django_tasks.backends.immediate.ImmediateBackend"}}
# How often the workers run what `cocreate remind` does (one of them at a time).
WORKER_PERIODIC_SECONDS = env.env_int("WORKER_PERIODIC_SECONDS", 60, minimum=10)
# --- end of background tasks -------------------------------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "cocreate.accounts.backends.CachedModelBackend",
]
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
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_RESET_TIMEOUT = env.env_int("PASSWORD_RESET_TIMEOUT", 60 * 60 * 3, minimum=300)

# Login lockout: a run of failures from one address for one account locks that pair for a cool-off period,
# so an attacker elsewhere cannot keep the account holder out for good.
AXES_FAILURE_LIMIT = env.env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env.env_int("AXES_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The login form and the API pass the email as `username=` to authenticate(); axes would otherwise look
# for USERNAME_FIELD ("email"), record every failure under no username and never refuse the right password.
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "cocreate.accounts.lockout.lockout_response"
AXES_VERBOSE = False
AXES_SENSITIVE_PARAMETERS = ["password", "code", "credential"]  # a failed second step is logged without its code

# Second factor (allauth.mfa's authenticators behind our own sign-in; docs/security.md "Second factor").
MFA_ADAPTER = "cocreate.accounts.second_factor.adapter.MfaAdapter"
# What allauth.account must know of our user model (it signs nobody in here): email login, no username.
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_TOTP_ISSUER = "cocreate"
MFA_TOTP_TOLERANCE = 1  # the code before and after the current one too: a phone's clock may be a little off
# How long the second step of a sign-in waits after the password before starting over.
SECOND_FACTOR_STEP_SECONDS = env.env_int("SECOND_FACTOR_STEP_SECONDS", 300, minimum=60)

# Sessions: an idle timeout checked on the server and an absolute lifetime.
SESSION_IDLE_TIMEOUT = env.env_int("SESSION_IDLE_TIMEOUT", 15 * 60, minimum=60)
SESSION_COOKIE_AGE = env.env_int("SESSION_MAX_AGE", 12 * 60 * 60, minimum=300)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Read from the cache (one file, shared by a server's processes) and written through to the database, so a signed-in
# request reads no session row; signing out removes both at once.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

INVITATION_TTL = timedelta(hours=env.env_int("INVITATION_TTL_HOURS", 7 * 24, minimum=1))
SUPERVISION_ACCESS_TTL = timedelta(minutes=env.env_int("SUPERVISION_ACCESS_MINUTES", 60, minimum=1))
# How long a clinical lead's emergency access to an engagement they are not on lasts (docs/security.md).
EMERGENCY_ACCESS_TTL = timedelta(minutes=env.env_int("EMERGENCY_ACCESS_MINUTES", 60, minimum=1))
# A caseload's listing of a client is recorded once per reader and client within this window (docs/configuration.md).
ACCESS_LIST_WINDOW_MINUTES = env.env_int("ACCESS_LIST_WINDOW_MINUTES", 30, minimum=0)
# Seal only rows whose ids were seen this long ago, so no transaction still open can commit inside a sealed block.
AUDIT_SEAL_MARGIN_SECONDS = env.env_int("AUDIT_SEAL_MARGIN_SECONDS", 120, minimum=0)
# Years a closed engagement is kept when its practice has not chosen (0: keep for ever).
RETENTION_DEFAULT_YEARS = env.env_int("RETENTION_DEFAULT_YEARS", 10, minimum=0)
# A rupture the client has not said feels repaired is raised with the supervisor after this many days.
RUPTURE_RAISE_AFTER_DAYS = env.env_int("RUPTURE_RAISE_AFTER_DAYS", 14, minimum=1)
# Consultation requests from a practice's public page, per hour: from one address (kept only as a keyed hash), and
# to one practice from everyone.
CONSULTATION_REQUESTS_PER_ADDRESS_HOUR = env.env_int("CONSULTATION_REQUESTS_PER_ADDRESS_HOUR", 5, minimum=1)
CONSULTATION_REQUESTS_PER_PRACTICE_HOUR = env.env_int("CONSULTATION_REQUESTS_PER_PRACTICE_HOUR", 100, minimum=1)
# A practice's own instrument definition files (*.toml), besides the shipped ones; see docs/instruments.md.
COCREATE_INSTRUMENTS_DIR = env.env_dir("COCREATE_INSTRUMENTS_DIR")
# A directory of the practice's own protocol packs (*.toml) and screening questionnaires (screening/*.toml).
COCREATE_PROTOCOLS_DIR = env.env_dir("COCREATE_PROTOCOLS_DIR")
# Request bodies are read up to 12 MB, so that a note pasted far over its length limit gets an error on the note
# field instead of a bare 400 page (Django's default stops at 2.5 MB).
DATA_UPLOAD_MAX_MEMORY_SIZE = env.env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 12 * 1024 * 1024, minimum=1024 * 1024)

# Email: console by default so invitations and resets work without a mail server.
_email_url = env.env_str("EMAIL_URL", "consolemail://")
if _email_url.startswith(("consolemail:", "dummymail:", "smtp:", "smtp+tls:", "smtp+ssl:")):
    import environ

    vars().update(environ.Env.email_url_config(_email_url))
else:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("EMAIL_URL must be consolemail://, dummymail:// or smtp[+tls|+ssl]://...")
DEFAULT_FROM_EMAIL = env.env_str("DEFAULT_FROM_EMAIL", "cocreate <no-reply@localhost>")

LANGUAGE_CODE = env.env_str("LANGUAGE_CODE", "en")
LANGUAGES = [("en", _("English"))]
TIME_ZONE = env.env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
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

# --- Media: the files of clients' journals (drawings, photos, voice notes) ------------------------------------
# Stored through Django's storage API, never served from a public URL (there is no MEDIA_URL route): every file goes
# out through a view that asks the access policy. Local files under the data directory by default; S3-compatible
# storage with FILE_STORAGE=s3 (the optional extra `cocreate[s3]`; django-storages reads its AWS_* settings, and
# boto3 finds the credentials in its usual places: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or an instance role).
MEDIA_ROOT = DATA_DIR / "media"
FILE_UPLOAD_PERMISSIONS = 0o600  # a client's files are readable by the server's user alone
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
FILE_STORAGE = env.env_str("FILE_STORAGE", "local").strip().lower() or "local"
if FILE_STORAGE == "s3":
    import importlib.util

    from django.core.exceptions import ImproperlyConfigured

    if importlib.util.find_spec("storages") is None:
        raise ImproperlyConfigured("FILE_STORAGE=s3 needs django-storages: install cocreate[s3].")
    AWS_STORAGE_BUCKET_NAME = env.env_str("AWS_STORAGE_BUCKET_NAME", "")
    if not AWS_STORAGE_BUCKET_NAME:
        raise ImproperlyConfigured("FILE_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME.")
    AWS_S3_ENDPOINT_URL = env.env_str("AWS_S3_ENDPOINT_URL", "") or None  # another S3-compatible service
    AWS_S3_REGION_NAME = env.env_str("AWS_S3_REGION_NAME", "") or None
    AWS_LOCATION = env.env_str("AWS_LOCATION", "")  # a folder inside the bucket
    AWS_DEFAULT_ACL = None  # the bucket's own policy: keep it private
    AWS_S3_FILE_OVERWRITE = False
    AWS_QUERYSTRING_AUTH = True  # never a bare public link, should anything ask for one
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
elif FILE_STORAGE != "local":
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"FILE_STORAGE={FILE_STORAGE!r} must be local or s3.")
# Limits of a journal entry's files, stated on the page. An upload over its limit is refused by its size before
# any of it is read; a picture is also refused past a number of pixels (a small file can unpack to a huge image).
JOURNAL_IMAGE_MAX_BYTES = env.env_int("JOURNAL_IMAGE_MAX_MB", 15, minimum=1) * 1024 * 1024
JOURNAL_AUDIO_MAX_BYTES = env.env_int("JOURNAL_AUDIO_MAX_MB", 25, minimum=1) * 1024 * 1024
JOURNAL_FILES_PER_ENTRY = env.env_int("JOURNAL_FILES_PER_ENTRY", 5, minimum=1)
JOURNAL_IMAGE_MAX_PIXELS = env.env_int("JOURNAL_IMAGE_MAX_PIXELS", 50_000_000, minimum=1_000_000)
# --- end of media ----------------------------------------------------------------------------------------------
WHITENOISE_USE_FINDERS = DEBUG
# --- Production server: static files (cocreate serve --production, docs/configuration.md) ------------------------
# The production server collects static files at every start, so collecting stays quick: only the hashed names
# that pages link to are kept and compressed (gzip and brotli), and the API docs' source maps, which only a browser's
# developer tools fetch, are served uncompressed.
from whitenoise.compress import Compressor  # noqa: E402 - inside this block, to keep it whole

WHITENOISE_KEEP_ONLY_HASHED_FILES = True
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")
# --- end of production server -----------------------------------------------------------------------------------

# Content-Security-Policy: no inline script or style anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "media-src": [SELF, "blob:"],  # a voice note plays from the page, and once recorded, before it is sent
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env.env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env.env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.env_bool("SECURE_HSTS_PRELOAD", True)
    if env.env_bool("SECURE_PROXY_SSL_HEADER", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.env_str("LOG_LEVEL", "INFO")},
    # The PDF renderer reports each step of every render (and of reading its own style sheets at import).
    "loggers": {"weasyprint.progress": {"level": "WARNING"}},
}
