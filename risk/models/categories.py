"""A school's category over time, and the due-diligence record a joining school's first category
comes from. The current category is kept on the school (`School.category`, below qa_visits, so the
visit cadence reads it); every change is a `CategoryDecision` written by `category_set`."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from fht.models import TenantModel
from schools.categories import Category
from schools.models import School

__all__ = ["CategoryDecision", "DueDiligence", "OfstedOutcome"]


class OfstedOutcome(models.TextChoices):
    """A prospective school's latest Ofsted outcome, as the golden rule counts it."""

    GOOD_OR_BETTER = "good_or_better", "Good or better"
    BELOW_GOOD = "below_good", "Below good"
    NOT_INSPECTED = "not_inspected", "Not inspected"


class DueDiligence(TenantModel):
    """What the trust found about a school before it joins (DOMAIN.md, 'Categories'): it fixes the
    first category, the support capacity and the first ISAP. A prospective school has no School row
    yet; `school` is set when it joins."""

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", "In due diligence"
        JOINED = "joined", "Joined the trust"
        WITHDRAWN = "withdrawn", "Withdrawn"

    school = models.OneToOneField(
        School, on_delete=models.PROTECT, null=True, blank=True, related_name="due_diligence"
    )
    name = models.CharField("school name", max_length=200)
    urn = models.CharField("URN", max_length=7, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.IN_PROGRESS)
    started_on = models.DateField()
    practice_observed = models.TextField(blank=True)
    previous_ofsted = models.TextField(
        "previous Ofsted judgement", blank=True, help_text="The latest inspection, in words."
    )
    ofsted_outcome = models.CharField(
        "previous Ofsted outcome for the golden rule",
        max_length=15,
        choices=OfstedOutcome.choices,
        default=OfstedOutcome.NOT_INSPECTED,
    )
    data_summary = models.TextField("data", blank=True)
    leadership_capacity = models.TextField(blank=True)
    proposed_category = models.CharField(max_length=1, choices=Category.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Goes up with every save: a form opened at an older version is refused, not overwritten.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-started_on", "name"]
        verbose_name_plural = "due diligence records"

    def __str__(self) -> str:
        return f"Due diligence: {self.name}"

    def clean(self) -> None:
        if self.school is not None and self.school.trust_id != self.trust_id:
            raise ValidationError({"school": "Choose one of the trust's schools."})


class CategoryDecision(TenantModel):
    """One decision on a school's category: who, when, where (a risk meeting, due diligence or
    between meetings) and why. The newest is the school's current category."""

    class Source(models.TextChoices):
        MEETING = "meeting", "Risk meeting"
        DUE_DILIGENCE = "due_diligence", "Due diligence"
        OTHER = "other", "Decision between meetings"

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="category_decisions")
    category = models.CharField(max_length=1, choices=Category.choices)
    # What it was before (NULL: not yet categorised).
    previous_category = models.CharField(  # noqa: DJ001
        max_length=1, choices=Category.choices, null=True, blank=True
    )
    decided_on = models.DateField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    source = models.CharField(max_length=15, choices=Source.choices)
    # The meeting it was agreed at (source MEETING); a string reference keeps this module first.
    meeting = models.ForeignKey(
        "risk.Meeting",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="category_decisions",
    )
    due_diligence = models.ForeignKey(
        DueDiligence,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="category_decisions",
    )
    reason = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(source="meeting") | Q(meeting__isnull=False),
                name="category_decision_meeting_named",
            ),
            models.CheckConstraint(
                condition=~Q(source="due_diligence") | Q(due_diligence__isnull=False),
                name="category_decision_due_diligence_named",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school}: {self.get_category_display()} from {self.decided_on}"

    @property
    def moved(self) -> int:
        """+1 for each step towards D (worse), -1 towards A, 0 for the first or the same."""
        if not self.previous_category:
            return 0
        return ord(self.category) - ord(self.previous_category)
