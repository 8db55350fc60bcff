"""The audit trail: one append-only row per event that matters for security (who, what, when,
from where). Kept beside the model history simple-history keeps, not instead of it.

Not a TenantModelBase: a failed sign-in for an unknown email belongs to no trust, the row has no
history of its own (it never changes), and saving one must not retire a trust's kept pages
(fht.cache moves a trust's generation on every TenantModelBase save). Its default manager is
still scoped (django-scopes: a query outside a trust scope raises), and the selector filters by
the reader's trust as well; rows of no trust show to no one in the app.
"""

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django_scopes import ScopedManager

from fht.models import Trust


class Kind(models.TextChoices):
    SIGN_IN = "sign_in", "Signed in"
    SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
    LOCKOUT = "lockout", "Locked out"
    SECOND_FACTOR_GIVEN = "second_factor_given", "Second factor given"
    SECOND_FACTOR_FAILED = "second_factor_failed", "Second factor failed"
    SECOND_FACTOR_CHANGED = "second_factor_changed", "Second factor changed"
    SECOND_FACTOR_RESET = "second_factor_reset", "Second factor reset"
    SECURITY_SETTINGS = "security_settings", "Security settings changed"
    SIGN_OUT = "sign_out", "Signed out"
    REFUSED = "refused", "Refused"
    EXPORT = "export", "Export (CSV)"
    DOWNLOAD = "download", "Download (PDF or file)"
    IMPORT = "import", "Import"
    ROLE_CHANGE = "role_change", "Role change"
    FEED_USE = "feed_use", "Data feed use"


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def for_trust(self, trust_id: int) -> "AuditEventQuerySet":
        return self.filter(trust_id=trust_id)


_Manager = models.Manager.from_queryset(AuditEventQuerySet)


class AuditEvent(models.Model):
    trust = models.ForeignKey(
        Trust, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # As they were at the time: the person may change their name or leave.
    email = models.CharField(max_length=254, blank=True)
    name = models.CharField(max_length=150, blank=True)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    what = models.CharField(max_length=300, blank=True)
    status = models.PositiveSmallIntegerField(null=True, blank=True)
    ip = models.GenericIPAddressField("IP address", null=True, blank=True)
    user_agent = models.CharField(max_length=200, blank=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    objects: ClassVar[_Manager] = ScopedManager(trust="trust", _manager_class=_Manager)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["trust", "-at"], name="audit_trust_at")]
        # No change or delete: the app offers neither, and the database refuses both.
        default_permissions = ("add", "view")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.email or 'unknown'} at {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ValueError("The audit trail is append-only: a row is never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ValueError("The audit trail is append-only: a row is never deleted.")
