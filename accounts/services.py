"""Writes: recording a session when a person signs in, keeping its 'last seen' (at most once a
minute), ending sessions, and the trust's limits."""

import datetime as dt
import ipaddress
from typing import Any

from axes.helpers import get_client_ip_address
from django.contrib.sessions.backends.base import SessionBase
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest

from accounts.models import SignInSession
from accounts.selectors import limits_for
from fht.models import Trust, User

# What the session itself carries (seconds since the epoch, and the limits in seconds), so the
# checks on each request need no query.
SIGNED_IN = "accounts.signed_in"
SEEN = "accounts.seen"
IDLE = "accounts.idle"
LIFETIME = "accounts.lifetime"
# 'Last seen' is written at most this often, to keep writes rare.
SEEN_EVERY = 60


def _when(timestamp: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(timestamp, tz=dt.UTC)


def _ip_of(request: HttpRequest) -> str | None:
    """The client's address as the sign-in lockouts see it (behind the proxies PROXY_COUNT says)."""
    address = str(get_client_ip_address(request) or "")
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def _stamp(*, session: SessionBase, user: User, now: float) -> None:
    limits = limits_for(user)
    session[SEEN] = now
    session[IDLE] = limits.idle_minutes * 60
    session[LIFETIME] = limits.lifetime_hours * 3600


def session_record(*, request: HttpRequest, user: User) -> SignInSession | None:
    """The row of the request's session, made if missing (on signing in, or when the session's key
    changed, as it does when a password is changed)."""
    key = request.session.session_key
    if key is None:
        return None
    now = dt.datetime.now(tz=dt.UTC).timestamp()
    signed_in = request.session.get(SIGNED_IN, now)
    seen = request.session.get(SEEN, signed_in)
    row, _ = SignInSession.objects.get_or_create(
        session_id=key,
        defaults={
            "user": user,
            "created_at": _when(signed_in),
            "last_seen": _when(seen),
            "ip_address": _ip_of(request),
            "user_agent": str(request.META.get("HTTP_USER_AGENT", ""))[:300],
        },
    )
    return row


def session_start(sender: object, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    """On signing in (django.contrib.auth's user_logged_in): stamp the session with the time and
    the trust's limits, and record it in the person's list."""
    if request is None or not hasattr(request, "session"):
        return
    now = dt.datetime.now(tz=dt.UTC).timestamp()
    request.session[SIGNED_IN] = now
    _stamp(session=request.session, user=user, now=now)
    session_record(request=request, user=user)


def session_seen(*, request: HttpRequest, user: User, now: float) -> None:
    """The person is active: note it in the session and its row, and take up the trust's current
    limits. Called at most once a minute per session."""
    _stamp(session=request.session, user=user, now=now)
    key = request.session.session_key
    updated = SignInSession.objects.filter(session_id=key, user=user).update(last_seen=_when(now))
    if not updated:
        session_record(request=request, user=user)


def session_end(*, row: SignInSession) -> None:
    """End one session: its browser is signed out at its next request."""
    Session.objects.filter(session_key=row.session_id).delete()


def sessions_end_all(*, user: User, keep_key: str | None = None) -> int:
    """End every session of the person but the one whose key is `keep_key` (None: all of them)."""
    rows = SignInSession.objects.filter(user=user)
    if keep_key is not None:
        rows = rows.exclude(session_id=keep_key)
    keys = list(rows.values_list("session_id", flat=True))
    Session.objects.filter(session_key__in=keys).delete()
    return len(keys)


def trust_session_limits_set(
    *, trust: Trust, idle_minutes: int, lifetime_hours: int, acting_user: User
) -> Trust:
    """The trust's idle timeout and absolute lifetime; each session takes them up within a
    minute."""
    if idle_minutes > lifetime_hours * 60:
        raise ValidationError(
            {
                "session_idle_minutes": "The time without activity must not be longer than the session "
                "lifetime: make it shorter, or make the lifetime longer."
            }
        )
    trust.session_idle_minutes = idle_minutes
    trust.session_lifetime_hours = lifetime_hours
    trust.full_clean(validate_unique=False)
    with transaction.atomic(durable=True):
        trust._history_user = acting_user  # type: ignore[attr-defined]
        trust.save(update_fields=["session_idle_minutes", "session_lifetime_hours"])
    return trust
