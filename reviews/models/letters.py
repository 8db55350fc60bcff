"""The letters to parents of every shared review of an academic year, made at once."""

from django.conf import settings
from django.db import models

from fht.models import Job, TenantModelBase
from schools.models import AcademicYear

__all__ = ["LetterBatch"]


class LetterBatch(TenantModelBase):
    """One run of the trust-wide action: its progress (schools done of schools in all) and its two
    results, one PDF for printing and a zip of one PDF per school."""

    academic_year = models.ForeignKey(AcademicYear, on_delete=models.PROTECT, related_name="+")
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    combined = models.FileField(upload_to="reviews/letters/", blank=True)
    per_school = models.FileField(upload_to="reviews/letters/", blank=True)
    job = models.ForeignKey(Job, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "letter batches"

    def __str__(self) -> str:
        return f"Letters to parents, {self.academic_year} ({self.done} of {self.total})"
