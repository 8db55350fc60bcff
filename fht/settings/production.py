"""Production: everything comes from the environment, and a missing or malformed value stops start-up.

Required: SECRET_KEY, DATABASE_URL, REDIS_URL, ALLOWED_HOSTS, EMAIL_URL (smtp+tls://user:password@host:587).
Optional: DEFAULT_FROM_EMAIL, CSRF_TRUSTED_ORIGINS, SITE_URL (default https:// and the first host),
SECURE_SSL_REDIRECT (default true), MEDIA_ROOT.
"""

from pathlib import Path
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
# The private files (evidence, PDFs, imported files) are served only by permission-checked views:
# never inside the folder the web server or WhiteNoise hands out, nor it inside them.
_media, _static = Path(MEDIA_ROOT).resolve(), Path(STATIC_ROOT).resolve()
if _media.is_relative_to(_static) or _static.is_relative_to(_media):
    raise ImproperlyConfigured(
        f"MEDIA_ROOT ({_media}) and STATIC_ROOT ({_static}) must be separate folders, neither "
        "inside the other: private files must never be served as static files."
    )
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "fht.storage.StaticStorage"},
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Behind the TLS proxy every request comes from the proxy: lockouts, sessions and the audit trail
# read the client's address from X-Forwarded-For, trusting as many proxies as PROXY_COUNT says
# (default one; 0 when nothing stands in front of gunicorn). See fht.auth.client_ip.
_proxies = env.str("PROXY_COUNT", default="1").strip()
if not _proxies.isascii() or not _proxies.isdigit() or int(_proxies) > 10:
    raise ImproperlyConfigured(
        f"PROXY_COUNT is the number of proxies in front of the app, 0 to 10: {_proxies!r} is not."
    )
FHT_PROXY_COUNT = int(_proxies)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# The __Host- prefix makes browsers refuse the cookies unless they are secure, for this host only
# (no Domain) and for the whole site: a sibling subdomain cannot plant or read them.
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
FHT_ENVIRONMENT = "production"
