"""Read the settings production cannot start without, and say clearly what is wrong."""

from typing import Any
from urllib.parse import unquote, urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

MIN_SECRET_KEY_LENGTH = 50


def _required(env: environ.Env, name: str, example: str) -> str:
    value = env.str(name, default="").strip()
    if not value:
        raise ImproperlyConfigured(f"Set the environment variable {name} (for example {example}).")
    return value


def env_secret_key(env: environ.Env) -> str:
    key = _required(
        env,
        "SECRET_KEY",
        "the output of `python -c 'import secrets; print(secrets.token_urlsafe(64))'`",
    )
    if len(key) < MIN_SECRET_KEY_LENGTH or len(set(key)) < 5:
        raise ImproperlyConfigured(
            f"SECRET_KEY is too weak: use at least {MIN_SECRET_KEY_LENGTH} random characters."
        )
    return key


def env_hosts(env: environ.Env) -> list[str]:
    raw = _required(env, "ALLOWED_HOSTS", "intranet.example-trust.org.uk")
    hosts = [h.strip() for h in raw.split(",") if h.strip()]
    bad = [h for h in hosts if "/" in h or " " in h or ":" in h.strip("[]")]
    if bad:
        raise ImproperlyConfigured(
            f"ALLOWED_HOSTS must be host names separated by commas, without scheme or port: {bad!r}."
        )
    return hosts


def env_database(env: environ.Env) -> dict[str, Any]:
    url = _required(env, "DATABASE_URL", "postgres://fht:password@db:5432/fht")
    scheme = urlsplit(url).scheme
    if scheme not in {"postgres", "postgresql", "pgsql"}:
        raise ImproperlyConfigured(
            f"DATABASE_URL must be a PostgreSQL URL (postgres://user:password@host:5432/name), not {scheme or 'this'!r}."
        )
    try:
        config = env.db_url_config(url)
    except Exception as exc:
        raise ImproperlyConfigured(f"DATABASE_URL could not be read: {exc}") from exc
    if not config.get("NAME"):
        raise ImproperlyConfigured(
            "DATABASE_URL names no database (postgres://user:password@host:5432/name)."
        )
    return config


def env_redis_url(env: environ.Env) -> str:
    url = _required(env, "REDIS_URL", "redis://redis:6379/0")
    parts = urlsplit(url)
    if parts.scheme not in {"redis", "rediss"} or not parts.hostname:
        raise ImproperlyConfigured(f"REDIS_URL must look like redis://host:6379/0, not {url!r}.")
    try:
        parts.port  # noqa: B018  (raises ValueError on a malformed port)
    except ValueError as exc:
        raise ImproperlyConfigured(f"REDIS_URL has a malformed port: {url!r}.") from exc
    return url


def env_mailer(env: environ.Env) -> dict[str, Any]:
    """The default mailer from EMAIL_URL (smtp://, smtp+tls://, smtp+ssl://): password resets and
    invitations must reach people, so production does not start without one."""
    url = _required(env, "EMAIL_URL", "smtp+tls://user:password@mail.example.org:587")
    parts = urlsplit(url)
    if parts.scheme not in {"smtp", "smtp+tls", "smtp+ssl"} or not parts.hostname:
        raise ImproperlyConfigured(
            f"EMAIL_URL must look like smtp+tls://user:password@mail.example.org:587, not {parts.scheme or url!r}."
        )
    try:
        port = parts.port or (
            465 if parts.scheme == "smtp+ssl" else 587 if parts.scheme == "smtp+tls" else 25
        )
    except ValueError as exc:
        raise ImproperlyConfigured("EMAIL_URL has a malformed port.") from exc
    return {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": parts.hostname,
            "port": port,
            "username": unquote(parts.username or ""),
            "password": unquote(parts.password or ""),
            "use_tls": parts.scheme == "smtp+tls",
            "use_ssl": parts.scheme == "smtp+ssl",
            "timeout": 20,
        },
    }
