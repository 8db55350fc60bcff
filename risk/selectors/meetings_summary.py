"""What is read of the meetings without their discussion: the trustees' summary (categories now,
movement since the last half-term, the schools in the concern procedure) and the school panel
(the school's category and the remedial actions that concern it)."""

from dataclasses import dataclass

from risk.models import CategoryDecision, Meeting, MeetingItem, RemedialAction
from risk.selectors.concern import open_levels
from schools.categories import Category
from schools.models import School


@dataclass(frozen=True)
class SummaryRow:
    school: School
    category: str  # after the meeting (closed) or now (open); "" not categorised
    previous: str  # at the start of the half-term
    concern_level: int | None

    @property
    def movement(self) -> str:
        if not self.previous:
            return "First category" if self.category else "Not categorised"
        if not self.category or self.category == self.previous:
            return "No change"
        worse = ord(self.category) > ord(self.previous)
        return f"{'Down' if worse else 'Up'} from {self.previous}"


@dataclass(frozen=True)
class MeetingSummary:
    meeting: Meeting
    rows: list[SummaryRow]

    @property
    def counts(self) -> list[tuple[str, str, int]]:
        """(letter, label, number of schools) for every category."""
        return [
            (value, str(label), sum(1 for r in self.rows if r.category == value))
            for value, label in Category.choices
        ]

    @property
    def moved(self) -> list[SummaryRow]:
        return [r for r in self.rows if r.previous and r.category and r.category != r.previous]

    @property
    def in_concern(self) -> list[SummaryRow]:
        return [r for r in self.rows if r.concern_level]


def categories_at(school_ids: list[int], before: object) -> dict[int, str]:
    """Each school's category on the day before `before` (one query)."""
    found: dict[int, str] = {}
    for school_id, category in (
        CategoryDecision.objects.filter(school_id__in=school_ids, decided_on__lt=before)
        .order_by("school_id", "-decided_on", "-pk")
        .values_list("school_id", "category")
    ):
        found.setdefault(school_id, category)
    return found


def meeting_summary(*, meeting: Meeting) -> MeetingSummary:
    """The summary of a meeting for trustees: no judgement, reason or discussion (four queries)."""
    items = list(
        MeetingItem.objects.filter(meeting=meeting)
        .select_related("school")
        .only(
            "school__name", "school__category", "agreed_category", "category_before", "meeting_id"
        )
        .order_by("school__name")
    )
    ids = [i.school_id for i in items]
    previous = categories_at(ids, meeting.half_term.starts_on)
    levels = open_levels(ids)
    rows = []
    for item in items:
        if meeting.is_closed:
            category = item.agreed_category or item.category_before
        else:
            category = item.school.category or ""
        rows.append(
            SummaryRow(
                item.school, category, previous.get(item.school_id, ""), levels.get(item.school_id)
            )
        )
    return MeetingSummary(meeting=meeting, rows=rows)


def school_actions(*, school: School) -> list[RemedialAction]:
    """The remedial actions that concern the school still open, oldest due first (one query)."""
    return list(
        RemedialAction.objects.filter(school=school, status=RemedialAction.Status.OPEN)
        .select_related("owner", "raised_at__half_term__academic_year")
        .order_by("due_on", "pk")
    )
