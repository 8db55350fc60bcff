"""The meetings of the cycle (DOMAIN.md, 'The meeting and reporting cycle'), built once as a
mechanism: an agenda from live data, decisions, actions that carry forward, locked on close, a pack
and minutes as PDF. The half-termly risk meeting is its first kind.

- `Meeting`: one per kind per half-term per trust.
- `MeetingItem`: the agenda row of one school, with the decisions taken on it and a `version`
  so two people editing the same school never overwrite each other.
- `Judgement`: the row's judgement against one of the kind's criteria (`CRITERIA`).
- `RemedialAction`: what a meeting asked for at a school; open ones come back on every later
  meeting's agenda until a review closes them (`ActionReview`).
- `MeetingDocument`: a made PDF (pack or minutes) in one edition (full or standard).
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import models

from fht.models import Job, TenantModel, TenantModelBase
from schools.categories import Category
from schools.models import HalfTerm, School

__all__ = [
    "CRITERIA",
    "ActionReview",
    "Concern",
    "Criterion",
    "Judgement",
    "Meeting",
    "MeetingDocument",
    "MeetingItem",
    "RemedialAction",
]


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
    # The latest job making each document (the page shows its progress).
    pack_job = models.ForeignKey(
        Job, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    minutes_job = models.ForeignKey(
        Job, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

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


class Concern(models.TextChoices):
    """How much concern the evidence against one criterion gives."""

    LOW = "low", "Low concern"
    MEDIUM = "medium", "Medium concern"
    HIGH = "high", "High concern"


@dataclass(frozen=True)
class Criterion:
    key: str
    label: str
    restricted: bool = False  # read only with the school's head-performance permission


# The evidence criteria of the risk meeting (DOMAIN.md, 'Categories'), in the strategy's order.
CRITERIA: dict[str, tuple[Criterion, ...]] = {
    Meeting.Kind.RISK: (
        Criterion("leadership", "Leadership capacity to secure progress"),
        Criterion("ofsted", "Ofsted"),
        Criterion("performance", "Historic performance against national benchmarks"),
        Criterion("qa_visits", "QA visits and other intelligence"),
        Criterion("elevator", "The elevator-briefing criteria"),
        Criterion("performance_management", "Performance management", restricted=True),
        Criterion("partnership_review", "Partnership review"),
        Criterion("external_reports", "Other external reports"),
    ),
}


class MeetingItem(TenantModel):
    """One school's row on a meeting's agenda and what the meeting decided about it."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    proposed_category = models.CharField(max_length=1, choices=Category.choices, blank=True)
    agreed_category = models.CharField(max_length=1, choices=Category.choices, blank=True)
    category_reason = models.TextField("reason for the agreed category", blank=True)
    discussion = models.TextField("discussion notes", blank=True)
    # Raised by one on every save; a save sent with an older version is refused.
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Frozen on close: the evidence as the meeting saw it, and the category it replaced.
    evidence = models.JSONField(null=True, blank=True)
    category_before = models.CharField(max_length=1, choices=Category.choices, blank=True)

    class Meta:
        ordering = ["school__name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "school"], name="one_item_per_school")
        ]

    def __str__(self) -> str:
        return f"{self.school} at {self.meeting}"


class Judgement(TenantModelBase):
    """The meeting's judgement of one school against one criterion."""

    item = models.ForeignKey(MeetingItem, on_delete=models.CASCADE, related_name="judgements")
    criterion = models.CharField(max_length=30)
    level = models.CharField(max_length=10, choices=Concern.choices, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["item", "criterion"], name="one_judgement_a_criterion")
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.level}"


class RemedialAction(TenantModel):
    """What a meeting asked for at a school, by whom and by when. Open until a later meeting's
    review closes it; open actions come back on every later agenda by themselves."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    raised_at = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="actions")
    what = models.TextField("what will be done")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    closed_at = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="closed_actions"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return f"{self.school}: {self.what[:40]}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class ActionReview(TenantModel):
    """A meeting's review of an action raised at an earlier one: progress, then closed or carried."""

    class Outcome(models.TextChoices):
        CLOSED = "closed", "Closed"
        CARRIED = "carried", "Carried forward"

    action = models.ForeignKey(RemedialAction, on_delete=models.CASCADE, related_name="reviews")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="reviews")
    progress = models.TextField("progress")
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["action", "meeting"], name="one_review_a_meeting")
        ]

    def __str__(self) -> str:
        return f"Review of {self.action_id} at {self.meeting_id}"


class MeetingDocument(TenantModelBase):
    """A made PDF of a meeting, stored privately and served only through a view that checks who
    may read which edition."""

    class Document(models.TextChoices):
        PACK = "pack", "Pack"
        MINUTES = "minutes", "Minutes"

    class Edition(models.TextChoices):
        FULL = "full", "Full, with the restricted criterion"
        STANDARD = "standard", "Standard, without the restricted criterion"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="documents")
    document = models.CharField(max_length=10, choices=Document.choices)
    edition = models.CharField(max_length=10, choices=Edition.choices)
    file = models.FileField(upload_to="risk/meetings/")
    rendered_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "document", "edition"], name="one_file_a_document_edition"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_document_display()} ({self.edition}) of {self.meeting}"
