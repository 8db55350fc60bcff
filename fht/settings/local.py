"""The embedded default: SQLite, jobs in-process, emails on the console. For a laptop, not a server."""

import os

from .base import *  # noqa: F403
from .base import BASE_DIR, env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default="local-development-only-not-a-secret-5b1f0c9e7d")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}")
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers take the lock when their transaction starts, so an autosave arriving during a
    # submit waits its turn instead of failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )

if os.environ.get("REDIS_URL"):
    CELERY_BROKER_URL = env("REDIS_URL")
    CELERY_TASK_ALWAYS_EAGER = False
FHT_ENVIRONMENT = "local"

# Serve static files from the app folders, without collectstatic.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
