"""The schools-causing-concern procedure (DOMAIN.md, 'Schools causing concern').

A `ConcernCase` per school in the procedure, at a level from 1 to 4. Every move of the level is a
`LevelDecision` (opening is the first, closing the last), every step the strategy requires is a
`CaseStep`, and 'ISAP amended' is met by a priority of the school's plan whose source is the case,
linked to it (`ConcernIsapLink`). The letters to the chair and to the LGB are `ConcernLetter`s,
made by the worker."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from fht.models import Job, TenantModel, TenantModelBase
from isap.models import Action, Priority
from schools.models import School

__all__ = [
    "REQUIRED_STEPS",
    "CaseStep",
    "ConcernCase",
    "ConcernIsapLink",
    "ConcernLetter",
    "ConcernLevel",
    "LevelDecision",
    "StepKind",
    "TakenAction",
]


class ConcernLevel(models.IntegerChoices):
    ONE = 1, "Level 1"
    TWO = 2, "Level 2"
    THREE = 3, "Level 3"
    FOUR = 4, "Level 4"


class StepKind(models.TextChoices):
    CAUSES_DISCUSSED = "causes_discussed", "Causes discussed with the head teacher"
    ISAP_AMENDED = "isap_amended", "ISAP amended"
    SHARED_WITH_CHAIR = "shared_with_chair", "Concerns shared with the chair of governors"
    CHAIR_LETTER_SENT = "chair_letter_sent", "Letter to the chair of governors sent"
    LGB_LETTER_SENT = "lgb_letter_sent", "Letter to the LGB sent"
    ACTION_TAKEN = "action_taken", "Action taken"


# The steps each level adds; a case at level N requires those of levels 1 to N.
REQUIRED_STEPS: dict[int, tuple[StepKind, ...]] = {
    1: (StepKind.CAUSES_DISCUSSED, StepKind.ISAP_AMENDED),
    2: (StepKind.SHARED_WITH_CHAIR, StepKind.CHAIR_LETTER_SENT),
    3: (StepKind.LGB_LETTER_SENT,),
    4: (StepKind.ACTION_TAKEN,),
}


class TakenAction(models.TextChoices):
    """What the level-4 action was (DOMAIN.md)."""

    LEADERSHIP = "leadership", "A change of leadership"
    GOVERNANCE = "governance", "A change of governance"
    REGIONAL_DIRECTOR = "regional_director", "The Regional Director involved"
    OTHER = "other", "Other action"


class ConcernCase(TenantModel):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="concern_cases")
    opened_on = models.DateField()
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    level = models.PositiveSmallIntegerField(choices=ConcernLevel.choices)
    status = models.CharField(max_length=6, choices=Status.choices, default=Status.OPEN)
    closed_on = models.DateField(null=True, blank=True)
    # What the letters say: the issues, and the actions that will follow if no improvement.
    issues = models.TextField("the concerns", blank=True)
    actions_to_follow = models.TextField(
        "the actions that will follow if improvements are not made", blank=True
    )
    # RESTRICTED: read and written only with risk.access.reads_restricted for the school.
    performance_management = models.TextField(
        "implications for the head teacher's performance management (restricted)", blank=True
    )
    # Goes up with every change of level, close or change of the letters' text.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opened_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["school"],
                condition=Q(status="open"),
                name="one_open_concern_case_per_school",
            ),
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=4), name="concern_level_1_to_4"
            ),
            models.CheckConstraint(
                condition=Q(status="open", closed_on__isnull=True)
                | Q(status="closed", closed_on__isnull=False),
                name="concern_closed_on_when_closed",
            ),
        ]

    def __str__(self) -> str:
        return f"Concern case, {self.school} ({self.get_level_display()})"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class LevelDecision(TenantModel):
    """Opening (no `from_level`), stepping up or back, or closing (no `to_level`): dated, with
    who decided and why."""

    case = models.ForeignKey(ConcernCase, on_delete=models.CASCADE, related_name="decisions")
    from_level = models.PositiveSmallIntegerField(
        choices=ConcernLevel.choices, null=True, blank=True
    )
    to_level = models.PositiveSmallIntegerField(choices=ConcernLevel.choices, null=True, blank=True)
    reason = models.TextField()
    decided_on = models.DateField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["decided_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(from_level__isnull=False) | Q(to_level__isnull=False),
                name="level_decision_moves_somewhere",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case}: {self.from_level} to {self.to_level}"

    @property
    def what(self) -> str:
        if self.from_level is None:
            return f"Case opened at level {self.to_level}"
        if self.to_level is None:
            return f"Case closed at level {self.from_level}"
        way = "up" if self.to_level > self.from_level else "back"
        return f"Stepped {way} from level {self.from_level} to level {self.to_level}"


class CaseStep(TenantModel):
    case = models.ForeignKey(ConcernCase, on_delete=models.CASCADE, related_name="steps")
    level = models.PositiveSmallIntegerField(
        choices=ConcernLevel.choices, help_text="The case's level when the step was recorded."
    )
    kind = models.CharField(max_length=20, choices=StepKind.choices)
    done_on = models.DateField()
    note = models.TextField()
    taken_action = models.CharField(
        "the action taken", max_length=20, choices=TakenAction.choices, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["done_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="isap_amended"), name="isap_amended_is_met_by_a_link"
            ),
            models.CheckConstraint(
                condition=~Q(kind="action_taken") | ~Q(taken_action=""),
                name="action_taken_says_what",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.done_on}"


class ConcernIsapLink(TenantModel):
    """A priority of the school's plan, or an action under one, whose source is the case: what
    'ISAP amended' is met by."""

    case = models.ForeignKey(ConcernCase, on_delete=models.CASCADE, related_name="isap_links")
    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="concern_links")
    action = models.ForeignKey(
        Action, on_delete=models.CASCADE, null=True, blank=True, related_name="concern_links"
    )
    linked_on = models.DateField()
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["linked_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "priority"],
                condition=Q(action__isnull=True),
                name="one_link_per_case_and_priority",
            ),
            models.UniqueConstraint(
                fields=["case", "action"],
                condition=Q(action__isnull=False),
                name="one_link_per_case_and_action",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} amended {self.priority}"


class ConcernLetter(TenantModelBase):
    """A letter of the case, as the worker last made it from the case's record: the level-2 letter
    to the chair of governors, or the level-3 letter to the LGB (in two editions: the one sent,
    and a restricted one that adds the implications for the head's performance management)."""

    class Kind(models.TextChoices):
        CHAIR = "chair", "Letter to the chair of governors"
        LGB = "lgb", "Letter to the local governing body"

    case = models.ForeignKey(ConcernCase, on_delete=models.CASCADE, related_name="letters")
    kind = models.CharField(max_length=5, choices=Kind.choices)
    file = models.FileField(upload_to="concern/", blank=True)
    restricted_file = models.FileField(upload_to="concern/", blank=True)
    rendered_at = models.DateTimeField(null=True, blank=True)
    job = models.ForeignKey(Job, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind"]
        constraints = [
            models.UniqueConstraint(fields=["case", "kind"], name="one_letter_per_case_and_kind")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, {self.case}"
