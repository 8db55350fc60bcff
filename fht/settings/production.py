"""Production: everything comes from the environment, and a missing or malformed value stops start-up.

Required: SECRET_KEY, DATABASE_URL, REDIS_URL, ALLOWED_HOSTS, EMAIL_URL (smtp+tls://user:password@host:587).
Optional: DEFAULT_FROM_EMAIL, CSRF_TRUSTED_ORIGINS, SITE_URL (default https:// and the first host),
SECURE_SSL_REDIRECT (default true), MEDIA_ROOT.
"""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from fht.settings.checks import env_database, env_hosts, env_mailer, env_redis_url, env_secret_key

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = env_secret_key(env)
ALLOWED_HOSTS = env_hosts(env)
DATABASES = {"default": env_database(env)}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
CSRF_TRUSTED_ORIGINS = env.list(
    "CSRF_TRUSTED_ORIGINS", default=[f"https://{h}" for h in ALLOWED_HOSTS if "*" not in h]
)
# Passkeys are accepted from the site's own origins alone, never from what a request claims.
OTP_WEBAUTHN_ALLOWED_ORIGINS = [o for o in CSRF_TRUSTED_ORIGINS if o.startswith("https://")]
FHT_PASSKEY_ORIGIN_FROM_REQUEST = False

CELERY_BROKER_URL = env_redis_url(env)
CELERY_TASK_ALWAYS_EAGER = False
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": CELERY_BROKER_URL,
    }
}

MAILERS = {"default": env_mailer(env)}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="School improvement <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Links in emails (the action reminders): SITE_URL, or https:// and the first of ALLOWED_HOSTS.
_site_url = env.str("SITE_URL", default="").strip() or f"https://{ALLOWED_HOSTS[0]}"
FHT_SITE_URL = _site_url.rstrip("/")
_site = urlsplit(FHT_SITE_URL)
if _site.scheme not in {"http", "https"} or not _site.hostname or _site.netloc[0] in "*.":
    raise ImproperlyConfigured(
        f"Set SITE_URL to the address of the site, such as https://intranet.example-trust.org.uk: {FHT_SITE_URL!r} is not one."
    )

MEDIA_ROOT = env.path("MEDIA_ROOT", default="/srv/fht/private")
STATIC_ROOT = env.path("STATIC_ROOT", default="/srv/fht/static")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "fht.storage.StaticStorage"},
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Behind the TLS proxy every request comes from the proxy: lockouts count the client's address
# from X-Forwarded-For, trusting as many proxies as PROXY_COUNT says (default one).
AXES_IPWARE_PROXY_COUNT = env.int("PROXY_COUNT", default=1)
AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
FHT_ENVIRONMENT = "production"
