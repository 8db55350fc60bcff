"""QA visits: planned, logged section by section, submitted with a frozen data snapshot, and
rendered to a proforma PDF by a worker. Every model is tenant-owned and scoped."""

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from fht.models import Job, TenantModel, TenantModelBase
from fht.rag import Rag
from qa_visits.sections import SectionKey
from schools.models import AcademicYear, School

if TYPE_CHECKING:
    from django.db.models.fields.related_descriptors import RelatedManager


class Visit(TenantModelBase):
    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        DRAFT = "draft", "Being written"
        SUBMITTED = "submitted", "Submitted"
        CANCELLED = "cancelled", "Cancelled"

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="visits")
    academic_year = models.ForeignKey(AcademicYear, on_delete=models.PROTECT, related_name="visits")
    director = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="visits_led",
        help_text="The Director of QA who makes the visit.",
    )
    planned_for = models.DateField()
    visited_on = models.DateField(null=True, blank=True)
    days = models.DecimalField(
        "core-offer days",
        max_digits=2,
        decimal_places=1,
        default=Decimal("1.0"),
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("3.0"))],
        help_text="What the visit counts against the school's core-offer days.",
    )
    purpose = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLANNED)
    # The school's figures as they stood on the day, frozen when the visit is submitted.
    snapshot = models.JSONField(null=True, blank=True)
    draft_saved_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    amended_at = models.DateTimeField(null=True, blank=True)
    # Goes up with each submission or amendment: the proforma's edition.
    version = models.PositiveIntegerField(default=0)
    head_response = models.TextField("factual-accuracy response", blank=True)
    head_responded_at = models.DateTimeField(null=True, blank=True)
    head_responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    proforma_job = models.ForeignKey(
        Job, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["draft_saved_at", "snapshot"])

    sections: "RelatedManager[VisitSection]"
    proformas: "RelatedManager[VisitProforma]"

    class Meta:
        ordering = ["-planned_for", "-pk"]
        indexes = [models.Index(fields=["trust", "school", "status", "planned_for"])]

    def __str__(self) -> str:
        return f"QA visit to {self.school}, {self.date:%d %B %Y}"

    @property
    def date(self) -> dt.date:
        """The day of the visit: when it happened, or when it is planned."""
        return self.visited_on or self.planned_for

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED


class VisitSection(TenantModel):
    """One focus area of a visit: a RAG judgement and the director's notes."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="sections")
    key = models.CharField(max_length=30, choices=SectionKey.choices)
    rag = models.CharField("RAG judgement", max_length=5, choices=Rag.choices, blank=True)
    notes = models.TextField(blank=True)
    # Moderation only: which activities took place (ModerationActivity values).
    activities = models.JSONField(default=list, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["visit", "key"], name="one_section_per_visit_and_key")
        ]

    def __str__(self) -> str:
        return f"{self.get_key_display()} ({self.visit_id})"


class VisitProforma(TenantModelBase):
    """A rendered proforma PDF, one per audience, stored privately (served only through a view that
    checks permission). Readers get the edition their role may see."""

    class Audience(models.TextChoices):
        FULL = "full", "Everything, restricted sections included"
        STAFFING = "staffing", "With staffing, without the head's performance management"
        OPEN = "open", "Without restricted sections"

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="proformas")
    audience = models.CharField(max_length=10, choices=Audience.choices)
    file = models.FileField(upload_to="proformas/")
    version = models.PositiveIntegerField()
    rendered_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["visit", "audience"], name="one_proforma_per_visit_and_audience"
            )
        ]

    def __str__(self) -> str:
        return f"Proforma for {self.visit} ({self.audience})"
