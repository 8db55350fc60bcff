"""Read-only feed tokens, and the log of every use of one.

A token is shown once when it is issued; only its sha256 hash and its first eight characters (to
tell tokens apart in lists) are kept. It reads one trust's tables as one role of the trust reads
them trust-wide (`View`), never restricted text.
"""

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from fht.models import TenantModelBase

if TYPE_CHECKING:
    from django.db.models.fields.related_descriptors import RelatedManager


class View(models.TextChoices):
    """Whose reading of the trust a token has. Neither ever includes restricted text."""

    CEO = "ceo", "CEO view: every table, with names and written reasons and notes"
    TRUSTEE = "trustee", "Trustee view: figures, dates and judgements, no names or written notes"


class FeedToken(TenantModelBase):
    name = models.CharField(max_length=100, help_text="What uses it, for example 'Power BI board'.")
    view = models.CharField("what it reads", max_length=10, choices=View.choices)
    key_prefix = models.CharField(max_length=8)
    key_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Each use moves last_used_at: the log says that, the history keeps the token's own changes.
    history = HistoricalRecords(excluded_fields=["last_used_at"])

    uses: "RelatedManager[FeedUse]"

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.key_prefix}…)"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class FeedUse(TenantModelBase):
    """One request made with a token: append-only (nothing in the product changes or deletes it)."""

    token = models.ForeignKey(FeedToken, on_delete=models.PROTECT, related_name="uses")
    table = models.CharField(max_length=40)
    format = models.CharField(max_length=4)
    query = models.CharField("query string", max_length=500, blank=True)
    rows = models.PositiveIntegerField(default=0)
    status = models.PositiveSmallIntegerField()
    at = models.DateTimeField(auto_now_add=True)
    ip = models.GenericIPAddressField("IP address", null=True, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["token", "-at"])]

    def __str__(self) -> str:
        return f"{self.table}.{self.format} {self.status}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ValueError("The feed's use log is append-only.")
        super().save(*args, **kwargs)
