"""The meetings of the cycle (DOMAIN.md, 'The meeting and reporting cycle'), on the mechanism the
risk meeting introduced: an agenda read from live data for the meeting's audience, decisions and
actions (with an owner and a due date) that come back to the next meeting of the same kind until a
review closes them, a record locked on close, and a pack made by the worker for a chosen date.

- `CycleMeeting`: one meeting of a kind (the hub kinds belong to one cluster).
- `Decision`: what the meeting decided, in words.
- `CycleAction`: what the meeting asked for, by whom and by when; open until reviewed as closed.
- `CycleActionReview`: a later meeting's review of an earlier action (progress, closed or carried).
- `PackOpening`: who has opened the pack, one row a person (first and latest opening).
"""

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from fht.models import Job, TenantModel, TenantModelBase
from schools.models import Cluster

if TYPE_CHECKING:
    from django.db.models.fields.related_descriptors import RelatedManager

__all__ = ["CycleAction", "CycleActionReview", "CycleMeeting", "Decision", "Kind", "PackOpening"]


class Kind(models.TextChoices):
    FORUM = "forum", "School Improvement Forum"
    STRATEGIC_HEADS = "strategic_heads", "Strategic heads' meeting"
    HUB_HEADS = "hub_heads", "Hub heads' meeting"
    GOVERNOR_HUB = "governor_hub", "Governor hub meeting"
    CHAIRS = "chairs", "Chairs' briefing"
    BOARD = "board", "Trust board"


# The kinds held per cluster (hub): each meeting of these names its cluster.
CLUSTER_KINDS = frozenset({Kind.HUB_HEADS, Kind.GOVERNOR_HUB})
# How often each kind meets, in words for the pages.
CADENCE = {
    Kind.FORUM: "half-termly",
    Kind.STRATEGIC_HEADS: "every six weeks",
    Kind.HUB_HEADS: "every six weeks, per hub",
    Kind.GOVERNOR_HUB: "termly, per hub",
    Kind.CHAIRS: "termly",
    Kind.BOARD: "termly",
}


# django-scopes builds the managers at run time: the plugin cannot name the reverse managers.
class CycleMeeting(TenantModel):  # type: ignore[django-manager-missing]
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    held_on = models.DateField("date of the meeting")
    cluster = models.ForeignKey(
        Cluster, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    title = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The pack: asked for a data date, made by the worker, stored privately.
    pack_job = models.ForeignKey(
        Job, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    pack_requested_for = models.DateField(null=True, blank=True)
    pack = models.FileField(upload_to="cycle/packs/", blank=True)
    pack_data_date = models.DateField(null=True, blank=True)
    pack_made_at = models.DateTimeField(null=True, blank=True)

    decisions: "RelatedManager[Decision]"
    actions: "RelatedManager[CycleAction]"
    reviews: "RelatedManager[CycleActionReview]"
    openings: "RelatedManager[PackOpening]"

    class Meta:
        ordering = ["-held_on", "pk"]
        indexes = [models.Index(fields=["trust", "kind", "held_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=sorted(CLUSTER_KINDS), cluster__isnull=False)
                | (~Q(kind__in=sorted(CLUSTER_KINDS)) & Q(cluster__isnull=True)),
                name="cycle_meeting_cluster_for_hub_kinds_only",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title}, {self.held_on:%-d %B %Y}"

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED

    @property
    def pack_notice_days(self) -> int | None:
        """How many days before the meeting its pack was made (negative: after it)."""
        if self.pack_made_at is None:
            return None
        return (self.held_on - timezone.localdate(self.pack_made_at)).days

    @property
    def cadence(self) -> str:
        return CADENCE[Kind(self.kind)]


class Decision(TenantModel):
    meeting = models.ForeignKey(CycleMeeting, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField("decision")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.text[:60]


class CycleAction(TenantModel):  # type: ignore[django-manager-missing]
    """What a meeting asked for. Open ones come back to every later meeting of the same kind (and
    cluster) until a review there closes them."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    raised_at = models.ForeignKey(CycleMeeting, on_delete=models.PROTECT, related_name="actions")
    what = models.TextField("what will be done")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    closed_at = models.ForeignKey(
        CycleMeeting, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    reviews: "RelatedManager[CycleActionReview]"

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.what[:60]

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class CycleActionReview(TenantModel):
    class Outcome(models.TextChoices):
        CLOSED = "closed", "Closed"
        CARRIED = "carried", "Carried forward"

    action = models.ForeignKey(CycleAction, on_delete=models.CASCADE, related_name="reviews")
    meeting = models.ForeignKey(CycleMeeting, on_delete=models.CASCADE, related_name="reviews")
    progress = models.TextField()
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["action", "meeting"], name="cycle_one_review_a_meeting")
        ]

    def __str__(self) -> str:
        return f"Review of {self.action_id} at {self.meeting_id}"


class PackOpening(TenantModelBase):
    """A person's downloads of a meeting's pack: when they first and last opened it."""

    meeting = models.ForeignKey(CycleMeeting, on_delete=models.CASCADE, related_name="openings")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    first_opened_at = models.DateTimeField()
    last_opened_at = models.DateTimeField()
    times = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["first_opened_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="cycle_one_opening_a_person")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} opened {self.meeting_id}"
