"""Tests that need the real PostgreSQL and Redis. Off CI they are skipped, with the reason; in CI a
missing service fails the run instead (CI=true)."""

import os

import pytest
from django.db import connection


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def _missing() -> str | None:
    if connection.vendor != "postgresql":
        return "needs PostgreSQL: set DATABASE_URL=postgres://... (CI does)"
    if not os.environ.get("REDIS_URL"):
        return "needs Redis: set REDIS_URL=redis://127.0.0.1:6379/15 (CI does)"
    return None


def require_services() -> None:
    reason = _missing()
    if reason is None:
        return
    if _in_ci():
        pytest.fail(f"CI must run this test against the real services: {reason}")
    pytest.skip(reason)
