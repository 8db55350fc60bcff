"""Test settings: SQLite in memory by default; DATABASE_URL and REDIS_URL switch to the real services."""

import os
from pathlib import Path

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = "test-only-not-a-secret-2c6b4a8e91f0"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]

DATABASES = {"default": env.db("DATABASE_URL", default="sqlite://:memory:")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A test database is thrown away: its commits need not wait for the disk.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # As in local settings: the browser tests' live server writes from several threads.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}

# Tests that need a real broker read REDIS_URL themselves; the rest run jobs in-process.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = os.environ.get("REDIS_URL") or None
AXES_ENABLED = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# tests/test_worker.py runs a real worker process: files it stores must be readable by the test, so
# both use one temporary folder (the test overrides STORAGES the same way for itself).
if os.environ.get("FHT_TEST_FILES_DIR"):
    MEDIA_ROOT = Path(os.environ["FHT_TEST_FILES_DIR"])
    STORAGES["default"] = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
FHT_ENVIRONMENT = "test"

# Serve static files from the app folders, without collectstatic.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
