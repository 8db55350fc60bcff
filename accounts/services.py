"""Writes: recording a session when a person signs in, keeping its 'last seen' (at most once a
minute), ending sessions, and the trust's limits."""

import datetime as dt
import ipaddress
import secrets
from typing import Any

import django_otp
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_ip_address
from django.contrib.auth.hashers import make_password
from django.contrib.auth.signals import user_login_failed
from django.contrib.sessions.backends.base import SessionBase
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django_otp import device_classes
from django_otp.models import Device
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from accounts.models import (
    RECOVERY_LOOKUP,
    RecoveryCode,
    RecoveryCodeDevice,
    SignInSession,
    TwoFactorRequiredRole,
)
from accounts.selectors import device_for, limits_for
from accounts.signals import (
    second_factor_changed,
    second_factor_failed,
    second_factor_given,
    security_settings_changed,
)
from accounts.signals import second_factor_reset as second_factor_reset_signal
from fht.models import Trust, User
from fht.roles import Role

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
    if request.session.session_key is None:
        # Signing in over another person's session flushes it: give the new one its key now, so
        # it is listed (and ended by "sign out everywhere") from its first request.
        request.session.save()
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


# --- two-factor sign-in ----------------------------------------------------------------------

RECOVERY_CODES = 10
# Codes of 12 characters from 32 (60 bits each), shown in three groups of four.
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
_CODE_GROUP = 4
_CODE_LENGTH = 12
# Where the middleware keeps what it found out (needs nothing, must verify, must set up), and when.
TWO_FACTOR_STATE = "accounts.two_factor"
TWO_FACTOR_CHECKED = "accounts.two_factor_at"


def totp_device_for_setup(*, user: User) -> TOTPDevice:
    """The person's authenticator app waiting to be confirmed (made if missing). It counts only
    once a code from it has been typed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return device


def totp_confirm(*, request: HttpRequest, device: TOTPDevice, code: str) -> bool:
    """Confirm the app with a code from it: the app then counts, the old one (if any) goes, and
    this session is verified by it."""
    user: User = request.user  # type: ignore[assignment]
    with transaction.atomic():
        if not device.verify_token(code.strip()):
            return False
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    second_factor_passed(request=request, device=device)
    return True


def recovery_codes_make(*, user: User) -> list[str]:
    """Ten new recovery codes (any old ones stop working). They are returned once, to be shown
    once; each is kept as its lookup group and a password hash of the rest."""
    codes: list[str] = []
    while len(codes) < RECOVERY_CODES:
        code = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(_CODE_LENGTH))
        if code[:RECOVERY_LOOKUP] not in {c[:RECOVERY_LOOKUP] for c in codes}:
            codes.append(code)
    rows = [
        RecoveryCode(lookup=code[:RECOVERY_LOOKUP], digest=make_password(code[RECOVERY_LOOKUP:]))
        for code in codes
    ]
    with transaction.atomic():
        RecoveryCodeDevice.objects.filter(user=user).delete()
        device = RecoveryCodeDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
        for row in rows:
            row.device = device
        RecoveryCode.objects.bulk_create(rows)
    return [recovery_code_shown(code) for code in codes]


def recovery_code_shown(code: str) -> str:
    """'ABCDEFGHJKMN' as 'ABCD-EFGH-JKMN'."""
    return "-".join(code[i : i + _CODE_GROUP] for i in range(0, len(code), _CODE_GROUP))


def failed_sign_ins_forget(*, request: HttpRequest, user: User) -> None:
    """A complete sign-in: django-axes forgets this person's failed tries from this address (as
    its AXES_RESET_ON_SUCCESS would, but only once the second factor, if any, is given: a right
    password must not wipe the count of wrong codes)."""
    AxesProxyHandler.update_request(request)
    handler = AxesProxyHandler.get_implementation()
    handler.reset_user_attempts(request, {"username": user.email})


def method_name(device: Device) -> str:
    """The method a device is, in the audit trail's words."""
    if isinstance(device, RecoveryCodeDevice):
        return "a recovery code"
    if isinstance(device, WebAuthnCredential):
        return "a passkey"
    return "the authenticator app"


def second_factor_passed(*, request: HttpRequest, device: Device) -> None:
    """The session is verified by `device` from now on, under a new session key (the privilege
    changed, so a key seen before this point is worth nothing)."""
    failed_sign_ins_forget(request=request, user=device.user)
    request.session.cycle_key()
    django_otp.login(request, device)
    request.session[TWO_FACTOR_STATE] = ""
    second_factor_given.send(
        sender=__name__, request=request, user=device.user, what=method_name(device)
    )


def second_factor_check(*, request: HttpRequest, code: str) -> Device | None:
    """The device of the signed-in person that accepts `code` (6 digits: the authenticator app;
    anything else: a recovery code), or None. Each device slows repeated wrong codes."""
    user: User = request.user  # type: ignore[assignment]
    typed = code.strip().replace(" ", "")
    device = device_for(user=user, code=typed)
    if device is None:
        return None
    return django_otp.verify_token(user, device.persistent_id, typed)


def second_factor_refused(*, request: HttpRequest, what: str) -> None:
    """A wrong code: counted like a wrong password (django-axes hears Django's user_login_failed
    and locks out as for passwords) and told to the audit trail."""
    user: User = request.user  # type: ignore[assignment]
    user_login_failed.send(sender=__name__, credentials={"username": user.email}, request=request)
    second_factor_failed.send(sender=__name__, request=request, user=user, what=what)


def may_add_second_factor(*, request: HttpRequest) -> bool:
    """A person adds a method once this session has given a second factor, or while they have
    none: never on the strength of the password alone when they have one."""
    user: User = request.user  # type: ignore[assignment]
    verified = bool(getattr(user, "is_verified", lambda: False)())
    return verified or not django_otp.user_has_device(user, confirmed=True)


def passkey_remove(*, user: User, passkey_id: int) -> bool:
    """Remove one of the person's own passkeys; False if they have no such passkey."""
    deleted, _ = WebAuthnCredential.objects.filter(user=user, pk=passkey_id).delete()
    return bool(deleted)


def second_factor_remove(*, user: User) -> None:
    """Remove the person's authenticator app and recovery codes (their passkeys too)."""
    with transaction.atomic():
        for model in device_classes():
            model.objects.filter(user=user).delete()


def second_factor_reset(*, request: HttpRequest, person: User, acting_user: User) -> int:
    """The recovery path for a lost device: an administrator removes the person's second factor
    and signs them out everywhere (a session on the lost device must not be left to enrol a new
    app of its own). They sign in again and set it up if a role of theirs requires it. Returns
    the number of sessions ended."""
    if person.pk == acting_user.pk:
        raise ValidationError("Remove your own two-factor sign-in from your Two-factor page.")
    with transaction.atomic():
        second_factor_remove(user=person)
        ended = sessions_end_all(user=person)
    second_factor_reset_signal.send(
        sender=__name__, request=request, user=person, acting_user=acting_user
    )
    return ended


def second_factor_changed_record(*, request: HttpRequest, user: User, what: str) -> None:
    """A person changed their own second factor (added, moved, removed, new recovery codes)."""
    second_factor_changed.send(sender=__name__, request=request, user=user, what=what)


def two_factor_roles_set(*, trust: Trust, roles: list[str], acting_user: User) -> None:
    """The roles whose holders in the trust must sign in with a second factor."""
    wanted = {Role(role) for role in roles}
    with transaction.atomic(durable=True):
        before = set(
            TwoFactorRequiredRole.objects.filter(trust=trust).values_list("role", flat=True)
        )
        TwoFactorRequiredRole.objects.filter(trust=trust).exclude(role__in=wanted).delete()
        TwoFactorRequiredRole.objects.bulk_create(
            TwoFactorRequiredRole(trust=trust, role=role) for role in sorted(wanted - before)
        )
    if before != wanted:
        security_settings_changed.send(
            sender=__name__,
            request=None,
            user=acting_user,
            trust_id=trust.pk,
            what=f"Two-factor required for: {_roles_named(set(wanted))}"
            f" (was: {_roles_named(before)})",
        )


def _roles_named(roles: set[str]) -> str:
    return ", ".join(Role(r).label for r in sorted(roles)) or "no role"
