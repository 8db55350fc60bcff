"""The meetings part of the risk demo: the six half-terms before today's hold closed risk meetings
(on 7 December 2026: Autumn 2 2025 to Autumn 1 2026) with judgements, a few category changes,
remedial actions closed or carried; and this half-term's meeting is open, with the carried
actions waiting on its agenda.

Runs after the growth part. A school with no category yet is given one dated 1 September 2025.
Idempotent and deterministic: a meeting already closed is left alone, and nothing is random.
"""

import datetime as dt

from django.utils import timezone

from fht.models import Trust, User
from fht.roles import Role
from people.models import RoleAssignment
from qa_visits.models import Visit
from risk.demo.grades import demo_grade
from risk.models import CRITERIA, CategoryDecision, Meeting, MeetingItem, RemedialAction
from risk.services.categories import category_set
from risk.services.meetings import (
    ActionData,
    ItemData,
    ReviewData,
    meeting_close,
    meeting_for_half_term,
    meeting_item_save,
)
from schools.models import HalfTerm, School

FIRST_DAY = dt.date(2025, 9, 1)
# (academic year, half-term number) of the closed meetings, oldest first.
# The six half-terms before this one hold closed meetings; this half-term's is open. On 7 December
# 2026 that is Autumn 2 2025 to Autumn 1 2026, and Autumn 2 2026 open.
CLOSED_COUNT = 6
# At meeting k, the school at index i (by URN) moves one step: +1 towards D, -1 towards A.
MOVES: dict[int, tuple[int, int]] = {
    0: (2, 1),
    1: (5, 1),
    2: (2, -1),
    3: (7, 1),
    4: (5, -1),
    5: (9, 1),
}
FIRST_BY_GRADE = {1: "A", 3: "C", 4: "D"}
LEVELS = {"A": "low", "B": "medium", "C": "high", "D": "high"}
NOTES = {
    "leadership": {
        "low": "Stable senior team with the capacity to support other schools.",
        "medium": "Leadership secure; middle leaders still developing in English.",
        "high": "Deputy head on long-term absence; the head carries most of the improvement work.",
    },
    "ofsted": {
        "low": "Latest inspection positive; no areas below the expected standard.",
        "medium": "Latest inspection found areas that need attention in writing.",
        "high": "Latest inspection below good; monitoring inspection expected.",
    },
    "performance": {
        "low": "Key Stage 2 outcomes above national for three years.",
        "medium": "Outcomes close to national; writing below for two years.",
        "high": "Outcomes well below national in reading, writing and maths.",
    },
    "qa_visits": {
        "low": "Visits find consistent practice; actions completed on time.",
        "medium": "Visits find uneven teaching in lower Key Stage 2.",
        "high": "Visits find weak teaching in several classes and slow progress on actions.",
    },
    "elevator": {
        "low": "Attendance, safeguarding and finances all secure.",
        "medium": "Persistent absence above national; finances secure.",
        "high": "Attendance falling and a deficit budget forecast.",
    },
    "performance_management": {
        "low": "Head's objectives on track.",
        "medium": "Head's objective on writing outcomes at risk; to be discussed at mid-year review.",
        "high": "Head's objectives not being met; the CEO to meet the chair of governors.",
    },
    "partnership_review": {
        "low": "Partnership review confirmed strengths to share across the trust.",
        "medium": "Partnership review identified writing and SEND provision as priorities.",
        "high": "Partnership review found leadership of SEND and behaviour weak.",
    },
    "external_reports": {
        "low": "No concerns from the local authority or other reports.",
        "medium": "Local authority SEND review raised minor points.",
        "high": "Complaint to Ofsted under investigation; LA safeguarding audit actions open.",
    },
}
ACTIONS = [
    "Commission a writing moderation visit from a partner school",
    "Director of QA to carry out a joint learning walk with the head",
    "Agree a recovery plan for persistent absence with the attendance lead",
    "Lead practitioner to coach the new English lead for six sessions",
    "Review the SEND register and provision map with the trust's SEND lead",
    "Report the deficit recovery plan to the finance committee",
]


def _step(category: str, by: int) -> str:
    return "ABCD"[max(0, min(3, "ABCD".index(category) + by))]


def _person(trust: Trust, role: Role, school: School | None = None) -> User | None:
    rows = RoleAssignment.objects.filter(trust=trust, role=role, ended_at__isnull=True)
    if school is not None:
        rows = rows.filter(school=school)
    found = rows.select_related("person").order_by("pk").first()
    return found.person if found else None


def _first_categories(schools: list[School], ceo: User | None) -> None:
    for index, school in enumerate(schools):
        if school.category:
            continue
        category = FIRST_BY_GRADE.get(demo_grade(school), "AB"[index % 2])
        category_set(
            school=school,
            category=category,
            decided_on=FIRST_DAY,
            reason="First category, agreed before the risk meetings were recorded here.",
            acting_user=ceo,
            source=CategoryDecision.Source.OTHER,
        )


def _held_on(half_term: HalfTerm) -> dt.date:
    """The third Wednesday of the half-term."""
    day = half_term.starts_on + dt.timedelta(days=14)
    return day + dt.timedelta(days=(2 - day.weekday()) % 7)


def _agreed(k: int, index: int, school: School, visited: set[int], schools: list[School]) -> str:
    current = school.category or "B"
    move = MOVES.get(k)
    if move and move[0] % len(schools) == index:
        return _step(current, move[1])
    if k == CLOSED_COUNT - 1 and not any(s.category == "B" and s.pk in visited for s in schools):
        # This half-term's demo needs a school in B with a recorded visit (to move it to C).
        first = next((i for i, s in enumerate(schools) if s.pk in visited), None)
        if first == index:
            return "B"
    return current


def _item_data(school: School, agreed: str) -> ItemData:
    level = LEVELS[agreed]
    changed = agreed != school.category
    judgements = {}
    for number, criterion in enumerate(CRITERIA[Meeting.Kind.RISK]):
        # B schools: mostly low concern, with the data and visits at medium.
        this = "low" if level == "medium" and number not in (2, 3) else level
        judgements[criterion.key] = (this, NOTES[criterion.key][this])
    reason = (
        f"Moved to {agreed}: the evidence against the criteria has changed since the last meeting."
        if changed
        else "The evidence is consistent with the category; no change."
    )
    return ItemData(
        proposed_category=agreed,
        agreed_category=agreed,
        category_reason=reason,
        discussion="The Director of QA summarised the latest visit and the plan's progress.",
        judgements=judgements,
    )


def _reviews(meeting: Meeting, school: School, k: int, index: int) -> tuple[ReviewData, ...]:
    earlier = RemedialAction.objects.filter(
        school=school,
        status=RemedialAction.Status.OPEN,
        raised_at__half_term__starts_on__lt=meeting.half_term.starts_on,
    ).order_by("pk")
    reviews = []
    for number, action in enumerate(earlier):
        closing = (k + index + number) % 2 == 0
        reviews.append(
            ReviewData(
                action=action,
                progress="Completed; the impact was seen on the last QA visit."
                if closing
                else "Started; not yet complete. Carried to the next meeting.",
                outcome="closed" if closing else "carried",
            )
        )
    return tuple(reviews)


def _hold(trust: Trust, k: int, half_term: HalfTerm, schools: list[School], ceo: User) -> None:
    meeting = meeting_for_half_term(trust=trust, half_term=half_term)
    if meeting.is_closed:
        return
    held_on = _held_on(half_term)
    visited = set(
        Visit.objects.filter(status=Visit.Status.SUBMITTED).values_list("school_id", flat=True)
    )
    items = {i.school_id: i for i in MeetingItem.objects.filter(meeting=meeting)}
    for index, school in enumerate(schools):
        item = items.get(school.pk)
        if item is None:
            continue
        agreed = _agreed(k, index, school, visited, schools)
        action = None
        if agreed in "CD" or agreed != school.category:
            owner = _person(trust, Role.HEAD_TEACHER, school) or ceo
            action = ActionData(
                what=ACTIONS[(k + index) % len(ACTIONS)],
                owner=owner,
                due_on=held_on + dt.timedelta(weeks=5),
            )
        meeting_item_save(
            item=item,
            version=item.version,
            data=_item_data(school, agreed),
            acting_user=ceo,
            new_action=action,
            reviews=_reviews(meeting, school, k, index),
        )
    meeting_close(meeting=meeting, acting_user=ceo, held_on=held_on)
    for school in schools:
        school.refresh_from_db(fields=["category"])


def _half_terms(trust: Trust, today: dt.date) -> tuple[list[HalfTerm], HalfTerm] | None:
    """The six half-terms before today's and today's own, from the trust's calendar (None when
    the calendar does not reach that far back)."""
    ordered = list(
        HalfTerm.objects.filter(trust=trust).select_related("academic_year").order_by("starts_on")
    )
    started = [h for h in ordered if h.starts_on <= today]
    if len(started) < CLOSED_COUNT + 1:
        return None
    return started[-CLOSED_COUNT - 1 : -1], started[-1]


def build(trust: Trust) -> None:
    found = _half_terms(trust, timezone.localdate())
    ceo = _person(trust, Role.CEO)
    if ceo is None or found is None:
        return
    closed, current = found
    schools = list(School.objects.filter(trust=trust, closed_on__isnull=True).order_by("urn"))
    _first_categories(schools, ceo)
    for k, half_term in enumerate(closed):
        _hold(trust, k, half_term, schools, ceo)
    meeting_for_half_term(trust=trust, half_term=current)
