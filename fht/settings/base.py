"""Settings shared by every environment. Environment-specific modules import this."""

from pathlib import Path

import environ
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

DEBUG = False

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "guardian",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp_webauthn",
    "django_htmx",
    "django.forms",
    "fht",
    "schools",
    "people",
    "returns",
    "qa_visits",
    "isap",
    "reviews",
    "risk",
    "dashboards",
    "cycle",
    "feed",
    "imports",
    "backups",
    "audit",
    "accounts",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "fht.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.SessionLimitsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "fht.tenancy.TrustScopeMiddleware",
    "accounts.middleware.TwoFactorMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "audit.capture.AuditMiddleware",
]

ROOT_URLCONF = "fht.urls"
WSGI_APPLICATION = "fht.wsgi.application"

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
                "fht.context_processors.access",
            ],
        },
    },
]

AUTH_USER_MODEL = "fht.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# Sessions and CSRF: cookies are HttpOnly, same-site and (in production) secure.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# The ceiling of every trust's session lifetime (Trust.session_lifetime_hours, at most 24 hours):
# the trust's own idle and absolute limits are enforced on each request (accounts.middleware).
SESSION_COOKIE_AGE = 60 * 60 * 24
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# A new trust's limits, and those of platform staff (who belong to no trust).
FHT_SESSION_IDLE_MINUTES = 60
FHT_SESSION_LIFETIME_HOURS = 10
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# A strict Content-Security-Policy in every environment, development included, so a stray inline
# script or event handler shows at once: scripts and styles come only from our own static files.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# Two-factor sign-in (django-otp): the name authenticator apps show, and the throttling of wrong
# codes (each failure doubles the wait before the next try is looked at, per device).
OTP_TOTP_ISSUER = "School improvement"
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_RECOVERY_THROTTLE_FACTOR = 1
# Passkeys (django-otp-webauthn): a second factor after the password, never instead of it; the
# relying party is this site as the request names it (its host already checked by Django).
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
OTP_WEBAUTHN_RP_NAME = "School improvement"
OTP_WEBAUTHN_RP_ID_CALLABLE = "accounts.passkeys.relying_party_id"
OTP_WEBAUTHN_HELPER_CLASS = "accounts.passkeys.PasskeyHelper"
# The origins passkeys are accepted from. Production lists its own (its CSRF-trusted origins);
# elsewhere the request's own origin is accepted too (a test server's port changes every run).
OTP_WEBAUTHN_ALLOWED_ORIGINS = ["https://localhost"]
FHT_PASSKEY_ORIGIN_FROM_REQUEST = True

# django-axes: lock a sign-in name from one address after repeated failures.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "fht.auth.axes_username"
# The client's address for lockouts (and, through axes, sessions and the audit trail): the
# connection's, or behind FHT_PROXY_COUNT proxies the one they vouch for (fht.auth.client_ip).
AXES_CLIENT_IP_CALLABLE = "fht.auth.client_ip"
FHT_PROXY_COUNT = 0
# Failed tries are forgotten on a complete sign-in only: accounts does it after the second factor
# (or after the password for someone without one), so a right password never wipes wrong codes.
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

# django-guardian: no anonymous user row; object permissions come from role assignments.
ANONYMOUS_USER_NAME = None
GUARDIAN_USER_OBJ_PERMS_MODEL = "guardian.UserObjectPermission"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = BASE_DIR / "var" / "private"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

DEFAULT_FROM_EMAIL = "School improvement <no-reply@localhost>"
# The address links in emails start with (the action reminders are sent with no request to ask).
FHT_SITE_URL = "http://localhost:8000"
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}

# Celery: with no broker configured, tasks run in-process (the embedded default).
CELERY_BROKER_URL: str | None = None
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 5 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 4 * 60
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        "axes": {"level": "WARNING"},
        # WeasyPrint logs each step of every render at INFO.
        "weasyprint": {"level": "WARNING"},
    },
}

# What a trust may set; these are the defaults from the school-improvement strategy.
FHT_CORE_OFFER_DAYS = 6
# The largest evidence file a progress note may carry.
FHT_EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
FHT_CLUSTER_SCHOOL_LIMIT = 8
FHT_CLUSTER_SCHOOL_LIMIT_EXECUTIVE_HEAD = 6

# Form widgets render from our templates/ folder too (the GOV.UK date input).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
