"""The trust's effective-practice library: what a school does well, who to ask, and where the
entry came from (a partnership review's strength, a QA visit's strengths, or added by hand)."""

from django.conf import settings
from django.db import models

from fht.models import TenantModel
from qa_visits.models import Visit
from reviews.models.reviews import AreaKey, Strength
from schools.models import School

__all__ = ["PracticeEntry"]


class PracticeEntry(TenantModel):
    class Source(models.TextChoices):
        REVIEW = "review", "Partnership review"
        VISIT = "visit", "QA visit"

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="practice_entries")
    theme = models.CharField(max_length=25, choices=AreaKey.choices)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who to ask about it.",
    )
    source = models.CharField(max_length=10, choices=Source.choices)
    strength = models.OneToOneField(
        Strength, on_delete=models.SET_NULL, null=True, blank=True, related_name="entry"
    )
    visit = models.ForeignKey(
        Visit, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-added_at", "pk"]
        verbose_name_plural = "practice entries"
        indexes = [models.Index(fields=["trust", "theme"])]

    def __str__(self) -> str:
        return self.title
