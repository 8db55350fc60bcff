"""The Individual School Action Plan: one plan per school per academic year, its priorities with
measurable targets, the actions that deliver them with dated progress notes and evidence, the
support the trust deploys, and the three signatures that agree it. Every model is tenant-owned and
scoped; every change is kept by simple-history (the plan's history and 'changes since the last QA
visit' read it)."""

from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from fht.models import Job, TenantModel, TenantModelBase, Trust
from fht.rag import Rag
from qa_visits.models import Visit
from returns.measures import Measure
from schools.models import AcademicYear, School

if TYPE_CHECKING:
    from django.db.models.fields.related_descriptors import RelatedManager


class Plan(TenantModelBase):
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="isap_plans")
    academic_year = models.ForeignKey(AcademicYear, on_delete=models.PROTECT, related_name="+")
    # The previous year's plan this one carried open priorities and actions forward from.
    carried_from = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="carried_to"
    )
    # When the last of the three signatures was given: the plan is agreed from then on.
    agreed_at = models.DateTimeField(null=True, blank=True)
    pdf = models.FileField(upload_to="isap/", blank=True)
    pdf_rendered_at = models.DateTimeField(null=True, blank=True)
    pdf_job = models.ForeignKey(
        Job, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["pdf", "pdf_rendered_at", "pdf_job"])

    priorities: "RelatedManager[Priority]"
    signatures: "RelatedManager[Signature]"

    class Meta:
        ordering = ["-academic_year__starts_in"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "academic_year"], name="one_isap_per_school_and_year"
            )
        ]

    def __str__(self) -> str:
        return f"ISAP {self.academic_year}, {self.school}"


class Source(models.TextChoices):
    PARTNERSHIP_REVIEW = "partnership_review", "Partnership review"
    OFSTED = "ofsted", "Ofsted inspection"
    QA_VISIT = "qa_visit", "QA visit"
    RISK_MEETING = "risk_meeting", "Risk meeting"
    SCHOOL_PLAN = "school_plan", "The school's own improvement plan"
    # A risk.ConcernCase links the priority to itself (isap knows nothing of risk).
    CONCERN_CASE = "concern_case", "Schools-causing-concern case"


class Priority(TenantModel):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        ACHIEVED = "achieved", "Achieved"
        CLOSED = "closed", "Closed (not carried on)"
        # Set by starting the next year's plan: the work goes on in the copy there.
        CARRIED = "carried", "Carried forward to the next year"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="priorities")
    number = models.PositiveSmallIntegerField(help_text="Its place in the plan: priority 1, 2...")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    source = models.CharField(max_length=20, choices=Source.choices)
    # The record it came from, where the product holds one (a QA visit today; reviews and risk
    # meetings arrive with their issues), and a reference in words for the others.
    source_visit = models.ForeignKey(
        Visit, on_delete=models.SET_NULL, null=True, blank=True, related_name="isap_priorities"
    )
    source_reference = models.CharField(
        max_length=200,
        blank=True,
        help_text="Which review, inspection or meeting, for example 'Ofsted, March 2025'.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    carried_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="carried_to"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    targets: "RelatedManager[Target]"
    actions: "RelatedManager[Action]"
    deployments: "RelatedManager[Deployment]"

    class Meta:
        ordering = ["number", "pk"]
        verbose_name_plural = "priorities"

    def __str__(self) -> str:
        return f"Priority {self.number}: {self.title}"


class Target(TenantModel):
    """A measurable target of a priority. A measure the data returns hold shows its current value
    beside the target; any other is described in words."""

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="targets")
    measure = models.CharField(
        "measure from the data returns", max_length=30, choices=Measure.choices, blank=True
    )
    description = models.CharField(
        "measure in words",
        max_length=200,
        blank=True,
        help_text="For a measure the data returns do not hold, for example 'Lessons judged good'.",
    )
    baseline = models.DecimalField(max_digits=7, decimal_places=1, null=True, blank=True)
    target = models.DecimalField(max_digits=7, decimal_places=1)
    by_when = models.DateField()

    class Meta:
        ordering = ["by_when", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(measure="") | ~Q(description=""), name="target_names_its_measure"
            )
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return self.get_measure_display() if self.measure else self.description


class Action(TenantModelBase):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        COMPLETED = "completed", "Completed"
        DROPPED = "dropped", "Dropped"
        # Set by starting the next year's plan: the work goes on in the copy there.
        CARRIED = "carried", "Carried forward to the next year"

    OPEN_STATUSES = (Status.NOT_STARTED, Status.IN_PROGRESS)

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="actions")
    what = models.TextField("what will be done")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="isap_actions",
        help_text="A person of the trust. Leave empty to name a role instead.",
    )
    owner_role = models.CharField(
        "responsible role",
        max_length=100,
        blank=True,
        help_text="A named role at the school, for example 'Maths lead' or 'SENCo'.",
    )
    starts_on = models.DateField()
    due_on = models.DateField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NOT_STARTED)
    rag = models.CharField("RAG rating", max_length=5, choices=Rag.choices, blank=True)
    school_impact = models.TextField("the school's judgement of impact", blank=True)
    director_impact = models.TextField("the Director of QA's judgement of impact", blank=True)
    # The QA visit whose agreed next steps gave this action, if any.
    source_visit = models.ForeignKey(
        Visit, on_delete=models.SET_NULL, null=True, blank=True, related_name="isap_actions"
    )
    carried_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="carried_to"
    )
    # Goes up with every save: a form opened at an older version is refused, not overwritten.
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    notes: "RelatedManager[ProgressNote]"

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["trust", "status", "due_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(owner__isnull=False) | ~Q(owner_role=""),
                name="action_has_someone_responsible",
            ),
            models.CheckConstraint(
                condition=Q(due_on__gte=models.F("starts_on")), name="action_due_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.what[:80]

    @property
    def responsible(self) -> str:
        if self.owner_id is not None and self.owner is not None:
            return self.owner.full_name + (f" ({self.owner_role})" if self.owner_role else "")
        return self.owner_role

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_on < timezone.localdate()

    @property
    def stands_out(self) -> bool:
        """Overdue or rated red while still open: shown so on every list of actions."""
        return self.is_open and (self.due_on < timezone.localdate() or self.rag == Rag.RED)


class Deployment(TenantModel):
    """Support the trust deploys against a priority (DOMAIN 'Core offer and support')."""

    class Provider(models.TextChoices):
        QA_DIRECTOR = "qa_director", "Director of QA"
        LEAD_PRACTITIONER = "lead_practitioner", "Lead practitioner"
        SLE = "sle", "Specialist leader of education (SLE)"
        NLE_LLE = "nle_lle", "National or local leader of education (NLE/LLE)"
        HEAD_PLUS = "head_plus", "Head teacher+"
        TEACHING_SCHOOL = "teaching_school", "Teaching-school CPD"
        EXTERNAL = "external", "External provider"

    class Funder(models.TextChoices):
        CORE_OFFER = "core_offer", "Core offer (trust)"
        SCHOOL = "school", "The school"

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="deployments")
    provider = models.CharField("provider role", max_length=20, choices=Provider.choices)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="isap_deployments",
        help_text="The person of the trust deployed. Leave empty for an external provider.",
    )
    provider_name = models.CharField(
        "provider's name", max_length=150, blank=True, help_text="For someone outside the trust."
    )
    days = models.DecimalField(
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("60"))],
    )
    cost = models.DecimalField(
        "cost (£)",
        max_digits=9,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
    )
    funder = models.CharField("who pays", max_length=12, choices=Funder.choices)
    starts_on = models.DateField()
    desired_outcome = models.TextField()
    impact = models.TextField("impact afterwards", blank=True)
    impact_recorded_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    notes: "RelatedManager[ProgressNote]"

    class Meta:
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | ~Q(provider_name=""),
                name="deployment_names_its_provider",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_provider_display()}: {self.who}"

    @property
    def who(self) -> str:
        if self.person_id is not None and self.person is not None:
            return self.person.full_name
        return self.provider_name


class ProgressNote(TenantModelBase):
    """A dated note on an action (by the school or the director) or on a deployment (by the system
    leader deployed), with evidence: an uploaded file, kept privately, or a link."""

    action = models.ForeignKey(
        Action, on_delete=models.CASCADE, null=True, blank=True, related_name="notes"
    )
    deployment = models.ForeignKey(
        Deployment, on_delete=models.CASCADE, null=True, blank=True, related_name="notes"
    )
    written_on = models.DateField()
    text = models.TextField()
    evidence_file = models.FileField(upload_to="isap/evidence/%Y/%m/", blank=True)
    evidence_name = models.CharField(max_length=200, blank=True)
    evidence_link = models.URLField(max_length=500, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["evidence_file"])

    class Meta:
        ordering = ["-written_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(action__isnull=False, deployment__isnull=True)
                | Q(action__isnull=True, deployment__isnull=False),
                name="note_on_an_action_or_a_deployment",
            )
        ]

    def __str__(self) -> str:
        return f"Note of {self.written_on}"


class Signature(TenantModel):
    """One of the three signatures that agree a plan."""

    class Signatory(models.TextChoices):
        HEAD = "head", "Head teacher"
        DIRECTOR = "director", "Director of QA"
        CPD_LEAD = "cpd_lead", "CPD lead (Director of the Teaching School Alliance)"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="signatures")
    signatory = models.CharField(max_length=10, choices=Signatory.choices)
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField()

    class Meta:
        ordering = ["signed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "signatory"], name="one_signature_per_signatory"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_signatory_display()}: {self.person}"


class VisitActionReview(TenantModel):
    """An action a QA visit discussed, with the RAG rating it had and the one the visit gave."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="action_reviews")
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="visit_reviews")
    rag_before = models.CharField(max_length=5, choices=Rag.choices, blank=True)
    rag_after = models.CharField(max_length=5, choices=Rag.choices, blank=True)
    comment = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["visit", "action"], name="one_review_per_visit_action")
        ]

    def __str__(self) -> str:
        return f"Visit {self.visit_id} on action {self.action_id}"


class ReminderEmail(TenantModelBase):
    """One reminder email to one person on one day: the unique row is taken before the email is
    sent, so a second run of the job (or two at once) never sends it again."""

    # Bookkeeping, not the trust's record: deleted with the trust rather than protecting it.
    trust = models.ForeignKey(Trust, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField()
    actions = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "sent_on"], name="one_reminder_a_day")
        ]

    def __str__(self) -> str:
        return f"Reminder to {self.person_id} on {self.sent_on}"


class ActionReminder(TenantModelBase):
    """That an action's owner has been told it is due soon, or overdue, for its current due date:
    each is said once (a new due date may be said again)."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", "Due within 7 days"
        OVERDUE = "overdue", "Overdue"

    # Bookkeeping, not the trust's record: deleted with the trust rather than protecting it.
    trust = models.ForeignKey(Trust, on_delete=models.CASCADE, related_name="+")
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    due_on = models.DateField()
    email = models.ForeignKey(ReminderEmail, on_delete=models.CASCADE, related_name="reminders")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["action", "person", "kind", "due_on"], name="one_reminder_per_action_due"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: action {self.action_id}"
