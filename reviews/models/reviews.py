"""The annual partnership review of a school.

- `Review`: one school's review in one academic year: its dates, its state in the workflow
  (draft, checking, checked, shared, acknowledged), its findings' summary (the impact of the trust
  within the school), a `version` so two reviewers writing at once never overwrite each other, and
  when the head shared the key findings with staff, children and governors.
- `TeamMember`: who reviews, in which capacity (the school's Director of QA leads; members of the
  school-improvement and business-and-operations teams; a head teacher from another school).
- `Activity`: the schedule of the review days.
- `AreaRecord`: one area of school life: evidence notes and a judgement on the Ofsted report-card
  scale (safeguarding: met or not met). The staffing notes of business and operations are
  restricted (DOMAIN.md: staffing discussions are restricted).
- `Strength`: a strength to disseminate across the trust; on sharing it becomes an entry of the
  effective-practice library.
- `Challenge`: a key challenge for the coming year; one click makes it a priority of the school's
  action plan, linked both ways (`priority`).
- `ReviewDocument`: a made PDF: the report (full, or without restricted notes) or the letter to
  parents, with the letter's reading-ease score.
"""

from django.conf import settings
from django.db import models

from fht.models import Job, TenantModel, TenantModelBase
from isap.models import Priority
from schools.models import AcademicYear, School

__all__ = [
    "AREAS",
    "Activity",
    "Area",
    "AreaKey",
    "AreaRecord",
    "Challenge",
    "Judgement",
    "Review",
    "ReviewDocument",
    "Safeguarding",
    "Strength",
    "TeamMember",
]


class Judgement(models.TextChoices):
    """Ofsted's report-card scale (from November 2025), best first."""

    EXCEPTIONAL = "exceptional", "Exceptional"
    STRONG = "strong", "Strong standard"
    EXPECTED = "expected", "Expected standard"
    NEEDS_ATTENTION = "needs_attention", "Needs attention"
    URGENT = "urgent", "Urgent improvement"


class Safeguarding(models.TextChoices):
    MET = "met", "Met"
    NOT_MET = "not_met", "Not met"


class AreaKey(models.TextChoices):
    INCLUSION = "inclusion", "Inclusion"
    CURRICULUM = "curriculum", "Curriculum and teaching"
    ACHIEVEMENT = "achievement", "Achievement"
    ATTENDANCE = "attendance", "Attendance and behaviour"
    PERSONAL_DEVELOPMENT = "personal_development", "Personal development and well-being"
    LEADERSHIP = "leadership", "Leadership and governance"
    EARLY_YEARS = "early_years", "Early years"
    SAFEGUARDING = "safeguarding", "Safeguarding"
    FINANCE = "finance", "Business and operations: finance"
    STAFFING = "staffing", "Business and operations: staffing"
    ESTATES = "estates", "Business and operations: estates"
    HEALTH_SAFETY = "health_safety", "Business and operations: health and safety"


class Area:
    """How one area is recorded: its scale, whether it applies to every school, and whether its
    notes are restricted (read only by those who read the school's restricted records)."""

    def __init__(
        self,
        key: AreaKey,
        *,
        scale: type[models.TextChoices] = Judgement,
        early_years_only: bool = False,
        restricted: bool = False,
        business: bool = False,
    ) -> None:
        self.key = key
        self.label = str(key.label)
        self.scale = scale
        self.early_years_only = early_years_only
        self.restricted = restricted
        self.business = business

    def __repr__(self) -> str:
        return f"Area({self.key.value!r})"


AREAS: tuple[Area, ...] = (
    Area(AreaKey.INCLUSION),
    Area(AreaKey.CURRICULUM),
    Area(AreaKey.ACHIEVEMENT),
    Area(AreaKey.ATTENDANCE),
    Area(AreaKey.PERSONAL_DEVELOPMENT),
    Area(AreaKey.LEADERSHIP),
    Area(AreaKey.EARLY_YEARS, early_years_only=True),
    Area(AreaKey.SAFEGUARDING, scale=Safeguarding),
    Area(AreaKey.FINANCE, business=True),
    Area(AreaKey.STAFFING, business=True, restricted=True),
    Area(AreaKey.ESTATES, business=True),
    Area(AreaKey.HEALTH_SAFETY, business=True),
)


class Review(TenantModel):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        CHECKING = "checking", "Waiting for a second reviewer's check"
        CHECKED = "checked", "Checked, ready to share"
        SHARED = "shared", "Shared with the head"
        ACKNOWLEDGED = "acknowledged", "Acknowledged by the head"

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="reviews")
    academic_year = models.ForeignKey(AcademicYear, on_delete=models.PROTECT, related_name="+")
    starts_on = models.DateField("first day")
    ends_on = models.DateField("last day")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    # The findings beyond challenges and strengths.
    trust_impact = models.TextField("impact of the trust within the school", blank=True)
    # Optimistic locking: every save of the record or its findings moves it on.
    version = models.PositiveIntegerField(default=0)
    draft_saved_at = models.DateTimeField(null=True, blank=True)
    sent_for_check_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    checked_at = models.DateTimeField(null=True, blank=True)
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    shared_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    # When the head shared the key findings (DOMAIN.md: with staff, children and governors).
    shared_with_staff_on = models.DateField("shared with staff on", null=True, blank=True)
    shared_with_children_on = models.DateField("shared with children on", null=True, blank=True)
    shared_with_governors_on = models.DateField("shared with governors on", null=True, blank=True)
    # The latest job making the report and the letter (the page shows its progress).
    documents_job = models.ForeignKey(
        Job, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    team: "models.Manager[TeamMember]"
    activities: "models.Manager[Activity]"
    areas: "models.Manager[AreaRecord]"
    strengths: "models.Manager[Strength]"
    challenges: "models.Manager[Challenge]"
    documents: "models.Manager[ReviewDocument]"

    class Meta:
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "academic_year"], name="one_review_per_school_and_year"
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="review_ends_on_or_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"Partnership review of {self.school}, {self.starts_on:%B %Y}"

    @property
    def is_shared(self) -> bool:
        return self.status in {self.Status.SHARED, self.Status.ACKNOWLEDGED}


class TeamMember(TenantModel):
    class Capacity(models.TextChoices):
        LEAD = "lead", "Director of QA (leads the review)"
        SCHOOL_IMPROVEMENT = "school_improvement", "School-improvement team"
        BUSINESS = "business", "Business and operations team"
        PEER_HEAD = "peer_head", "Head teacher from another school"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="team")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    capacity = models.CharField(max_length=20, choices=Capacity.choices)
    # The peer head's own school, as it was when they joined the team.
    from_school = models.ForeignKey(
        School, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["capacity", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["review", "person"], name="one_place_per_reviewer")
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_capacity_display()})"


class Activity(TenantModel):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="activities")
    day = models.DateField()
    starts_at = models.TimeField("from")
    ends_at = models.TimeField("until", null=True, blank=True)
    what = models.CharField(max_length=200)
    who = models.CharField("with whom", max_length=200, blank=True)

    class Meta:
        ordering = ["day", "starts_at", "pk"]
        verbose_name_plural = "activities"

    def __str__(self) -> str:
        return f"{self.day} {self.starts_at:%H:%M} {self.what}"


class AreaRecord(TenantModel):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="areas")
    key = models.CharField(max_length=25, choices=AreaKey.choices)
    # A value of Judgement, or of Safeguarding for the safeguarding area.
    judgement = models.CharField(max_length=20, blank=True)
    notes = models.TextField("evidence", blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "key"], name="one_record_per_review_area")
        ]

    def __str__(self) -> str:
        return f"{self.get_key_display()} ({self.review_id})"


class Strength(TenantModel):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="strengths")
    title = models.CharField(
        max_length=200, help_text="In plain words: it goes in the letter to parents."
    )
    detail = models.TextField(blank=True)
    theme = models.CharField(max_length=25, choices=AreaKey.choices)
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who at the school another head should ask about it.",
    )

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title


class Challenge(TenantModel):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="challenges")
    title = models.CharField(
        max_length=200, help_text="In plain words: it goes in the letter to parents."
    )
    detail = models.TextField(blank=True)
    # The action-plan priority made from it (its source is the review: linked both ways).
    priority = models.OneToOneField(
        Priority, on_delete=models.SET_NULL, null=True, blank=True, related_name="review_challenge"
    )
    made_priority_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    made_priority_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title


class ReviewDocument(TenantModelBase):
    """A PDF the worker made on sharing, stored privately and served through a view that checks
    who may read which edition."""

    class Kind(models.TextChoices):
        REPORT_FULL = "report_full", "Report, with the restricted notes"
        REPORT = "report", "Report for the head and governors"
        LETTER = "letter", "Letter to parents and carers"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    file = models.FileField(upload_to="reviews/")
    made_at = models.DateTimeField()
    # The letter's Flesch reading ease, measured on its text when it was made.
    reading_ease = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["kind"]
        constraints = [
            models.UniqueConstraint(fields=["review", "kind"], name="one_document_per_review_kind")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, {self.review}"
