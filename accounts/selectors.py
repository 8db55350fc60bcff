"""Reads: a person's limits and their own sessions. Another person's session is a 404."""

import datetime as dt
import re
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import HASH_SESSION_KEY
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.crypto import constant_time_compare

from accounts.models import SignInSession
from fht.access import access_for
from fht.models import User
from fht.roles import TrustPerm


@dataclass(frozen=True)
class Limits:
    idle_minutes: int
    lifetime_hours: int

    @property
    def idle(self) -> dt.timedelta:
        return dt.timedelta(minutes=self.idle_minutes)

    @property
    def lifetime(self) -> dt.timedelta:
        return dt.timedelta(hours=self.lifetime_hours)


def limits_for(user: User) -> Limits:
    """The person's trust's limits; platform staff (no trust) have the defaults."""
    trust = user.trust
    if trust is None:
        return Limits(settings.FHT_SESSION_IDLE_MINUTES, settings.FHT_SESSION_LIFETIME_HOURS)
    return Limits(trust.session_idle_minutes, trust.session_lifetime_hours)


def sessions_of(*, user: User, now: dt.datetime) -> list[SignInSession]:
    """The person's sessions still in force: not expired, not idle too long, not too old, and
    signed in with their current password (a password reset ends the others at their next
    request, as Django checks; until then they are not shown)."""
    limits = limits_for(user)
    rows = SignInSession.objects.filter(
        user=user,
        session__expire_date__gt=now,
        last_seen__gt=now - limits.idle,
        created_at__gt=now - limits.lifetime,
    ).select_related("session")
    hashes = [user.get_session_auth_hash(), *user.get_session_auth_fallback_hash()]
    return [row for row in rows if _same_password(row, hashes)]


def _same_password(row: SignInSession, hashes: list[str]) -> bool:
    stored = row.session.get_decoded().get(HASH_SESSION_KEY)
    return isinstance(stored, str) and any(constant_time_compare(stored, h) for h in hashes)


def access_session(user: User, session_id: int) -> SignInSession:
    """One of the person's own sessions; anyone else's, or none, is a 404."""
    row = SignInSession.objects.filter(user=user, pk=session_id).first()
    if row is None:
        raise Http404("No such session")
    return row


def require_manage_session_limits(user: User) -> None:
    if not access_for(user).has_trust_perm(TrustPerm.MANAGE_PEOPLE):
        raise PermissionDenied("Only the trust's administrators can change the session limits.")


_BROWSERS = (
    ("Edge", re.compile(r"Edg(e|A|iOS)?/")),
    ("Opera", re.compile(r"OPR/|Opera")),
    ("Samsung Internet", re.compile(r"SamsungBrowser/")),
    ("Firefox", re.compile(r"Firefox/|FxiOS/")),
    ("Chrome", re.compile(r"Chrome/|CriOS/")),
    ("Safari", re.compile(r"Safari/")),
)
_SYSTEMS = (
    ("iPhone", re.compile(r"iPhone")),
    ("iPad", re.compile(r"iPad")),
    ("Android", re.compile(r"Android")),
    ("ChromeOS", re.compile(r"CrOS")),
    ("Windows", re.compile(r"Windows")),
    ("macOS", re.compile(r"Macintosh|Mac OS X")),
    ("Linux", re.compile(r"Linux")),
)


def device_of(user_agent: str) -> str:
    """A browser's user agent in a few words ("Firefox on Windows"), or "Unknown device"."""
    browser = next((name for name, pattern in _BROWSERS if pattern.search(user_agent)), "")
    system = next((name for name, pattern in _SYSTEMS if pattern.search(user_agent)), "")
    if browser and system:
        return f"{browser} on {system}"
    return browser or system or "Unknown device"
