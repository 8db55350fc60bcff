"""The meetings of the cycle (DOMAIN.md, 'The meeting and reporting cycle'), built once as a
mechanism: an agenda from live data, decisions, actions that carry forward, locked on close, a pack
and minutes as PDF. The half-termly risk meeting is its first kind."""

from django.conf import settings
from django.db import models

from fht.models import TenantModel
from schools.models import HalfTerm

__all__ = ["Meeting"]


class Meeting(TenantModel):
    class Kind(models.TextChoices):
        RISK = "risk", "Risk meeting"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.RISK)
    half_term = models.ForeignKey(HalfTerm, on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-half_term__starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["trust", "kind", "half_term"], name="one_meeting_of_a_kind_per_half_term"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, {self.half_term}"

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED
