"""Reads: a person's limits and their own sessions. Another person's session is a 404."""

import base64
import datetime as dt
import re
from dataclasses import dataclass

import segno
from django.conf import settings
from django.contrib.auth import HASH_SESSION_KEY
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.safestring import SafeString, mark_safe
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from accounts.models import RecoveryCodeDevice, SignInSession, TwoFactorRequiredRole
from fht.access import access_for
from fht.models import User
from fht.roles import TrustPerm
from fht.tenancy import trust_scope


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


# --- two-factor sign-in ----------------------------------------------------------------------

# What a signed-in person who has not given a second factor in this session must do.
VERIFY = "verify"
SET_UP = "set_up"


@dataclass(frozen=True)
class Methods:
    """A person's second factors: the authenticator app (confirmed), recovery codes left."""

    app: TOTPDevice | None
    codes_left: int
    has_codes: bool
    passkeys: list[WebAuthnCredential]

    @property
    def any(self) -> bool:
        return self.app is not None or self.has_codes or bool(self.passkeys)


def methods_of(user: User) -> Methods:
    app = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    codes = RecoveryCodeDevice.objects.filter(user=user, confirmed=True).first()
    left = codes.codes.filter(used_at=None).count() if codes is not None else 0
    passkeys = list(WebAuthnCredential.objects.filter(user=user, confirmed=True).order_by("pk"))
    return Methods(app=app, codes_left=left, has_codes=codes is not None, passkeys=passkeys)


def required_roles(trust_id: int) -> list[str]:
    """The roles whose holders in the trust must use a second factor."""
    with trust_scope(trust_id):
        rows = TwoFactorRequiredRole.objects.filter(trust_id=trust_id)
        return sorted(rows.values_list("role", flat=True))


def two_factor_required(user: User) -> bool:
    """Whether a role the person holds in their trust requires a second factor. The trust's
    list is read first: with none required (the default), the person's roles are not loaded."""
    if user.trust_id is None:
        return False
    required = required_roles(user.trust_id)
    return bool(required) and bool(set(required) & set(access_for(user).roles))


def second_factor_due(user: User) -> str:
    """What a person not yet verified in this session must do: VERIFY (they have a second
    factor), SET_UP (a role of theirs requires one) or nothing ("")."""
    if user_has_device(user, confirmed=True):
        return VERIFY
    return SET_UP if two_factor_required(user) else ""


def require_manage_security(user: User) -> None:
    if not access_for(user).has_trust_perm(TrustPerm.MANAGE_PEOPLE):
        raise PermissionDenied("Only the trust's administrators can change its security settings.")


def qr_svg(config_url: str) -> SafeString:
    """The authenticator app's set-up link as a QR code: an inline SVG element (no image file, no
    inline style), marked up as an image with its text alternative."""
    qr = segno.make(config_url, error="m")
    svg = qr.svg_inline(scale=5, border=2, svgclass="app-qr", lineclass=None, omitsize=False)
    label = "QR code to scan with your authenticator app. Or type the key shown below instead."
    # Safe to show as it is: segno writes only paths and our fixed label; the link itself (with
    # the person's email) is encoded in the modules, never written out as text.
    return mark_safe(str(svg).replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1))  # noqa: S308


def secret_groups(key: bytes) -> str:
    """The secret as an authenticator app takes it when typed: base 32, in groups of four."""
    text = base64.b32encode(key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def code_wait(*, user: User, code: str) -> int:
    """Seconds before a code of this kind is looked at again (django-otp slows repeated wrong
    codes, each wrong one doubling the wait), or 0."""
    device = device_for(user=user, code=code)
    if device is None:
        return 0
    allowed, data = device.verify_is_allowed()
    if allowed or not data or not data.get("locked_until"):
        return 0
    return max(1, int((data["locked_until"] - timezone.now()).total_seconds()) + 1)


def device_for(*, user: User, code: str) -> TOTPDevice | RecoveryCodeDevice | None:
    """The device a code is for: 6 digits, the authenticator app; anything else, a recovery code."""
    typed = code.strip().replace(" ", "")
    model = TOTPDevice if typed.isdigit() and len(typed) == 6 else RecoveryCodeDevice
    return model.objects.filter(user=user, confirmed=True).order_by("pk").first()
