"""Production settings: a full environment passes `check --deploy` with no warnings; a missing or
malformed value stops start-up with a message that names it.

The test process itself runs on fht.settings.test, so real start-up is checked in subprocesses
(`manage.py check` on fht.settings.production, run side by side), and the many malformed values by
executing the production settings module in-process with a controlled environment.
"""

import importlib.util
import os
import re
import secrets
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured

PROJECT_ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = "fht.settings.production"
REQUIRED = ("SECRET_KEY", "DATABASE_URL", "REDIS_URL", "ALLOWED_HOSTS", "EMAIL_URL")
# Everything production settings read: none of it may leak in from the developer's or CI's shell.
PRODUCTION_VARIABLES = (
    *REQUIRED,
    "DEFAULT_FROM_EMAIL",
    "SITE_URL",
    "CSRF_TRUSTED_ORIGINS",
    "SECURE_SSL_REDIRECT",
    "CONN_MAX_AGE",
    "MEDIA_ROOT",
    "STATIC_ROOT",
    "PROXY_COUNT",
    "DJANGO_SETTINGS_MODULE",
    # Set for the browser tests' live server (tests/browser/conftest.py); production never has it.
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)
DEPLOY_CHECK = ("check", "--deploy", "--fail-level", "WARNING")


def valid_environment() -> dict[str, str]:
    return {
        "SECRET_KEY": secrets.token_urlsafe(48),  # 64 url-safe characters
        "DATABASE_URL": "postgres://fht:pw@127.0.0.1:5432/fht",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "ALLOWED_HOSTS": "intranet.example.org",
        "EMAIL_URL": "smtp+tls://mailer:pw@mail.example.org:587",
    }


def production_environment(**changes: str | None) -> dict[str, str]:
    """The parent's environment without any production variable, then a valid set, then changes
    (None removes a variable)."""
    env = {k: v for k, v in os.environ.items() if k not in PRODUCTION_VARIABLES}
    env |= valid_environment() | {"DJANGO_SETTINGS_MODULE": PRODUCTION}
    for name, value in changes.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def manage(*args: str, **changes: str | None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_ROOT,
        env=production_environment(**changes),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


# Each start-up is a fresh Django process (~1 s); they run side by side, once per module.
RUNS: dict[str, tuple[tuple[str, ...], dict[str, str | None]]] = {
    "deploy": (DEPLOY_CHECK, {}),
    **{f"missing {name}": (("check",), {name: None}) for name in REQUIRED},
}


@pytest.fixture(scope="module")
def startups() -> dict[str, subprocess.CompletedProcess[str]]:
    with ThreadPoolExecutor(max_workers=len(RUNS)) as pool:
        futures = {
            name: pool.submit(manage, *args, **changes) for name, (args, changes) in RUNS.items()
        }
        return {name: future.result() for name, future in futures.items()}


def test_full_environment_passes_the_deploy_check_with_no_warnings(
    startups: dict[str, subprocess.CompletedProcess[str]],
) -> None:
    result = startups["deploy"]
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert result.stdout.strip() == "System check identified no issues (0 silenced).", output
    assert "warning" not in output.lower()


@pytest.mark.parametrize("name", REQUIRED)
def test_start_up_stops_when_a_required_variable_is_missing(
    startups: dict[str, subprocess.CompletedProcess[str]], name: str
) -> None:
    result = startups[f"missing {name}"]
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"Set the environment variable {name} " in result.stderr


# --- The settings module itself, executed in-process ----------------------------------------------


@pytest.fixture
def environment(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """os.environ holds exactly a valid production set; change it with the returned monkeypatch."""
    for name in PRODUCTION_VARIABLES:
        if name != "DJANGO_SETTINGS_MODULE":  # the test process's own settings stay as they are
            monkeypatch.delenv(name, raising=False)
    for name, value in valid_environment().items():
        monkeypatch.setenv(name, value)
    return monkeypatch


def production_settings() -> dict[str, Any]:
    """Execute fht/settings/production.py afresh, outside sys.modules, and return its names."""
    spec = importlib.util.find_spec(PRODUCTION)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return vars(module)


@pytest.mark.parametrize("name", REQUIRED)
@pytest.mark.parametrize("value", [None, "", "   "], ids=["unset", "empty", "blank"])
def test_a_missing_or_blank_required_variable_is_named(
    environment: pytest.MonkeyPatch, name: str, value: str | None
) -> None:
    if value is None:
        environment.delenv(name)
    else:
        environment.setenv(name, value)
    with pytest.raises(ImproperlyConfigured, match=f"^Set the environment variable {name} "):
        production_settings()


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("SECRET_KEY", "too-short-0123456789", r"^SECRET_KEY is too weak"),
        ("SECRET_KEY", "ab" * 40, r"^SECRET_KEY is too weak"),
        (
            "DATABASE_URL",
            "mysql://fht:pw@127.0.0.1:3306/fht",
            r"^DATABASE_URL .*PostgreSQL.*'mysql'",
        ),
        ("DATABASE_URL", "not a url", r"^DATABASE_URL must be a PostgreSQL URL"),
        ("DATABASE_URL", "postgres://fht:pw@127.0.0.1:5432/", r"^DATABASE_URL names no database"),
        ("REDIS_URL", "http://x", r"^REDIS_URL must look like redis://"),
        ("REDIS_URL", "redis://host:notaport/0", r"^REDIS_URL has a malformed port"),
        ("ALLOWED_HOSTS", "https://example.org", r"^ALLOWED_HOSTS must be host names"),
        ("ALLOWED_HOSTS", "example.org:443", r"^ALLOWED_HOSTS must be host names"),
        ("EMAIL_URL", "ftp://x", r"^EMAIL_URL must look like smtp"),
        ("EMAIL_URL", "smtp://mail.example.org:notaport", r"^EMAIL_URL has a malformed port"),
        ("PROXY_COUNT", "-1", r"^PROXY_COUNT is the number of proxies"),
        ("PROXY_COUNT", "one", r"^PROXY_COUNT is the number of proxies"),
        ("PROXY_COUNT", "1e309", r"^PROXY_COUNT is the number of proxies"),
    ],
)
def test_a_malformed_value_stops_start_up_and_names_the_problem(
    environment: pytest.MonkeyPatch, name: str, value: str, message: str
) -> None:
    environment.setenv(name, value)
    with pytest.raises(ImproperlyConfigured, match=message):
        production_settings()


def test_email_url_configures_the_default_smtp_mailer(environment: pytest.MonkeyPatch) -> None:
    environment.setenv("EMAIL_URL", "smtp+tls://user:p%40ss@mail.example.org:587")
    mailer = production_settings()["MAILERS"]["default"]
    assert mailer["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    options = mailer["OPTIONS"]
    assert options["host"] == "mail.example.org"
    assert options["port"] == 587
    assert options["use_tls"] is True
    assert options["use_ssl"] is False
    assert options["username"] == "user"
    assert options["password"] == "p@ss"


def test_full_environment_reaches_every_service(environment: pytest.MonkeyPatch) -> None:
    settings = production_settings()
    assert settings["DEBUG"] is False
    assert settings["ALLOWED_HOSTS"] == ["intranet.example.org"]
    assert settings["CSRF_TRUSTED_ORIGINS"] == ["https://intranet.example.org"]
    database = settings["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["HOST"], database["PORT"], database["NAME"]) == ("127.0.0.1", 5432, "fht")
    assert settings["CELERY_BROKER_URL"] == "redis://127.0.0.1:6379/0"
    assert settings["CELERY_TASK_ALWAYS_EAGER"] is False
    assert settings["CACHES"]["default"]["LOCATION"] == "redis://127.0.0.1:6379/0"


def test_production_adds_hsts_and_secure_cookies(environment: pytest.MonkeyPatch) -> None:
    settings = production_settings()
    assert settings["SECURE_HSTS_SECONDS"] >= 31536000
    assert settings["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert settings["SESSION_COOKIE_SECURE"] is True
    assert settings["CSRF_COOKIE_SECURE"] is True
    assert settings["SESSION_COOKIE_HTTPONLY"] is True
    assert settings["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert settings["SECURE_REFERRER_POLICY"] == "same-origin"
    assert settings["SECURE_CSP"]["script-src"] == ["'self'"]
    # Secure, this host only, the whole site: a sibling subdomain can neither plant nor read them.
    assert settings["SESSION_COOKIE_NAME"].startswith("__Host-")
    assert settings["CSRF_COOKIE_NAME"].startswith("__Host-")
    assert (
        settings.get("SESSION_COOKIE_DOMAIN") is None and settings.get("CSRF_COOKIE_DOMAIN") is None
    )
    # One TLS proxy in front, unless told otherwise.
    assert settings["FHT_PROXY_COUNT"] == 1


def test_every_variable_of_the_env_example_reaches_the_compose_file() -> None:
    """A setting documented in .env.example but not passed through docker-compose.yml would be
    silently ignored in production."""
    example = (PROJECT_ROOT / ".env.example").read_text()
    compose = (PROJECT_ROOT / "docker-compose.yml").read_text()
    names = set(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", example, flags=re.M))
    assert {"SECRET_KEY", "PROXY_COUNT"} <= names
    assert sorted(n for n in names if "${" + n not in compose) == []
