"""The sessions a person is signed in with: one row per browser, so they can see and end them.

A row belongs to a Django session (`session`, deleted with it: signing out, expiry, a leaver's
sessions ended, or ending it here all remove both). It is not a tenant row: it is the person's own,
reached only through their user, and it changes at most once a minute per session.
"""

import hashlib
import hmac
from typing import ClassVar

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import models
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django_otp.models import Device, ThrottlingMixin
from django_scopes import ScopedManager

from fht.roles import Role


class SignInSession(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sign_in_sessions"
    )
    # The Django session itself: ending it signs the browser out at its next request.
    session = models.OneToOneField(Session, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField("signed in")
    last_seen = models.DateTimeField()
    ip_address = models.GenericIPAddressField("IP address", null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-last_seen", "-pk"]
        indexes = [models.Index(fields=["user", "-last_seen"])]

    def __str__(self) -> str:
        return f"{self.user} since {self.created_at:%Y-%m-%d %H:%M}"


class TwoFactorRequiredRole(models.Model):
    """One role whose holders in the trust must sign in with a second factor. No row for a role:
    not required (the default), and people without a device sign in as before."""

    trust = models.ForeignKey("fht.Trust", on_delete=models.CASCADE, related_name="+")
    role = models.CharField(max_length=40, choices=Role.choices)

    objects: ClassVar[models.Manager["TwoFactorRequiredRole"]] = ScopedManager(trust="trust")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["trust", "role"], name="two_factor_role_once")
        ]

    def __str__(self) -> str:
        return f"Two-factor required for {self.get_role_display()}"


class RecoveryCodeDevice(ThrottlingMixin, Device):
    """A person's recovery codes, as one django-otp device. Each code is kept only as an
    HMAC-SHA256 digest under its own random salt (django-otp's StaticDevice keeps plain text);
    a code that has been used stops working."""

    class Meta(Device.Meta):
        verbose_name = "recovery codes"

    def verify_token(self, token: object) -> bool:
        allowed, _ = self.verify_is_allowed()
        if not allowed:
            return False
        typed = recovery_code_normal(str(token))
        found = next(
            (code for code in self.codes.filter(used_at=None) if typed and code.matches(typed)),
            None,
        )
        if found is None:
            self.throttle_increment(commit=True)
            return False
        found.used_at = timezone.now()
        found.save(update_fields=["used_at"])
        self.throttle_reset(commit=True)
        return True

    def get_throttle_factor(self) -> int:
        return int(getattr(settings, "OTP_RECOVERY_THROTTLE_FACTOR", 1))


def recovery_code_normal(text: str) -> str:
    """A code as typed, without spaces or hyphens, in capitals ('abcd-efgh-jkmn' → 'ABCDEFGHJKMN')."""
    return "".join(ch for ch in text.upper() if ch.isalnum())[:64]


def recovery_code_digest(*, salt: str, code: str) -> str:
    return hmac.new(salt.encode(), code.encode(), hashlib.sha256).hexdigest()


class RecoveryCode(models.Model):
    device = models.ForeignKey(RecoveryCodeDevice, on_delete=models.CASCADE, related_name="codes")
    salt = models.CharField(max_length=32)
    digest = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return "Used recovery code" if self.used_at else "Recovery code"

    def matches(self, code: str) -> bool:
        return constant_time_compare(recovery_code_digest(salt=self.salt, code=code), self.digest)
