"""The sessions a person is signed in with: one row per browser, so they can see and end them.

A row belongs to a Django session (`session`, deleted with it: signing out, expiry, a leaver's
sessions ended, or ending it here all remove both). It is not a tenant row: it is the person's own,
reached only through their user, and it changes at most once a minute per session.
"""

from typing import ClassVar

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.sessions.models import Session
from django.db import models
from django.utils import timezone
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
    """A person's recovery codes, as one django-otp device (django-otp's StaticDevice keeps
    plain text). A code is a lookup group and a secret: ABCD-EFGH-JKMN is found by ABCD, and
    EFGHJKMN is kept only as a password hash (Django's password hashers: salted and slow, as
    ASVS asks of lookup secrets under 112 bits). A code that has been used stops working."""

    class Meta(Device.Meta):
        verbose_name = "recovery codes"

    def verify_token(self, token: object) -> bool:
        allowed, _ = self.verify_is_allowed()
        if not allowed:
            return False
        typed = recovery_code_normal(str(token))
        lookup, secret = typed[:RECOVERY_LOOKUP], typed[RECOVERY_LOOKUP:]
        candidates = list(self.codes.filter(used_at=None, lookup=lookup)) if secret else []
        found = next((code for code in candidates if check_password(secret, code.digest)), None)
        if not candidates:
            make_password(secret)  # the same time taken whether the lookup group exists or not
        if found is None:
            self.throttle_increment(commit=True)
            return False
        found.used_at = timezone.now()
        found.save(update_fields=["used_at"])
        self.throttle_reset(commit=True)
        return True

    def get_throttle_factor(self) -> int:
        return int(getattr(settings, "OTP_RECOVERY_THROTTLE_FACTOR", 1))


# The characters of a code that find it (kept as they are); the rest is the secret.
RECOVERY_LOOKUP = 4


def recovery_code_normal(text: str) -> str:
    """A code as typed, without spaces or hyphens, in capitals ('abcd-efgh-jkmn' → 'ABCDEFGHJKMN')."""
    return "".join(ch for ch in text.upper() if ch.isalnum())[:64]


class RecoveryCode(models.Model):
    device = models.ForeignKey(RecoveryCodeDevice, on_delete=models.CASCADE, related_name="codes")
    lookup = models.CharField(max_length=RECOVERY_LOOKUP)
    digest = models.CharField(max_length=200)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["device", "lookup"], name="recovery_code_lookup_once")
        ]

    def __str__(self) -> str:
        return "Used recovery code" if self.used_at else "Recovery code"
