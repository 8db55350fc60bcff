"""Reads of the meetings: the only roads from an id to a meeting or an agenda row, and the agenda
with its evidence for every school (a fixed number of queries whatever the number of schools).

Who (risk.access): those who run the meetings open every meeting and every row; summary readers
(trustees) reach a meeting only through its summary. The restricted criterion of a row is shown
only to those who read that school's restricted parts.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q
from django.http import Http404

from fht.access import access_for
from fht.models import User
from fht.tenancy import trust_id_of
from risk.access import reads_restricted, reads_summary, runs_meetings
from risk.models import (
    CRITERIA,
    ActionReview,
    Concern,
    Criterion,
    Judgement,
    Meeting,
    MeetingItem,
    RemedialAction,
)
from risk.selectors.meetings_evidence import Evidence, in_words, school_evidence
from schools.models import School

# --- who may -------------------------------------------------------------------------------------


def may_run_meetings(user: User) -> bool:
    return runs_meetings(access_for(user))


def may_read_summary(user: User) -> bool:
    return reads_summary(access_for(user))


def require_meetings_page(user: User) -> None:
    """The meetings list: those who run them and those who read their summaries."""
    if not (may_run_meetings(user) or may_read_summary(user)):
        raise Http404("No such page")


def access_meeting(user: User, meeting_id: int, *, summary: bool = False) -> Meeting:
    """A meeting of the person's trust they may open (its summary only, with `summary`); 404 for
    'missing' and 'not yours' alike."""
    allowed = may_read_summary(user) if summary else may_run_meetings(user)
    meeting = (
        Meeting.objects.filter(pk=meeting_id, trust_id=trust_id_of(user))
        .select_related("half_term__academic_year", "trust", "closed_by")
        .first()
    )
    if meeting is None or not allowed:
        raise Http404("No such meeting")
    return meeting


def access_item(user: User, item_id: int) -> MeetingItem:
    """An agenda row of the person's trust, for those who run the meetings (every school)."""
    item = (
        MeetingItem.objects.filter(pk=item_id, trust_id=trust_id_of(user))
        .select_related("meeting__half_term__academic_year", "meeting__trust", "school__cluster")
        .first()
    )
    if item is None or not may_run_meetings(user):
        raise Http404("No such agenda item")
    return item


def meetings_of(*, trust_id: int) -> list[Meeting]:
    """The trust's meetings, newest half-term first."""
    return list(
        Meeting.objects.filter(trust_id=trust_id)
        .select_related("half_term__academic_year")
        .order_by("-half_term__starts_on", "kind")
    )


def criteria_for(meeting: Meeting) -> tuple[Criterion, ...]:
    return CRITERIA[meeting.kind]


# --- the agenda ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class JudgementView:
    criterion: Criterion
    level: str
    level_label: str
    note: str


@dataclass
class AgendaRow:
    item: MeetingItem
    school: School
    evidence: Evidence
    judgements: list[JudgementView]
    earlier_actions: list[dict[str, Any]]
    new_actions: list[RemedialAction] = field(default_factory=list)
    restricted: bool = False  # this reader sees the restricted criterion of this school

    @property
    def status(self) -> str:
        if self.item.agreed_category and self.item.category_reason:
            return "Category agreed"
        if self.item.proposed_category or any(j.level for j in self.judgements):
            return "In discussion"
        return "Not yet discussed"


def earlier_actions_query(meeting: Meeting, school_ids: list[int]) -> list[RemedialAction]:
    """Actions raised at earlier meetings of the same kind that are still open, or that this
    meeting closed: they come back on the agenda by themselves until a review closes them."""
    return list(
        RemedialAction.objects.filter(
            school_id__in=school_ids,
            raised_at__kind=meeting.kind,
            raised_at__half_term__starts_on__lt=meeting.half_term.starts_on,
        )
        .filter(Q(status=RemedialAction.Status.OPEN) | Q(closed_at=meeting))
        .select_related("owner", "raised_at__half_term__academic_year")
        .order_by("due_on", "pk")
    )


def action_dict(action: RemedialAction, review: ActionReview | None) -> dict[str, Any]:
    """An earlier action as the agenda shows it (and as a closed meeting keeps it)."""
    return {
        "id": action.pk,
        "what": action.what,
        "owner": str(action.owner),
        "due_on": in_words(action.due_on),
        "raised": str(action.raised_at.half_term),
        "progress": review.progress if review else "",
        "outcome": review.get_outcome_display() if review else "Not yet reviewed",
    }


def _judgements(item: MeetingItem, kind: str, restricted: bool) -> list[JudgementView]:
    recorded = {j.criterion: j for j in item.judgements.all()}
    labels = dict(Concern.choices)
    views = []
    for criterion in CRITERIA[kind]:
        if criterion.restricted and not restricted:
            continue
        row = recorded.get(criterion.key)
        level = row.level if row else ""
        views.append(
            JudgementView(criterion, level, str(labels.get(level, "")), row.note if row else "")
        )
    return views


def _items(meeting: Meeting) -> list[MeetingItem]:
    return list(
        MeetingItem.objects.filter(meeting=meeting)
        .select_related("school__cluster", "updated_by")
        .prefetch_related(Prefetch("judgements", queryset=Judgement.objects.order_by("pk")))
        .order_by("school__name")
    )


def live_earlier_actions(
    meeting: Meeting, school_ids: list[int]
) -> dict[int, list[dict[str, Any]]]:
    actions = earlier_actions_query(meeting, school_ids)
    reviews = {r.action_id: r for r in ActionReview.objects.filter(meeting=meeting)}
    by_school: dict[int, list[dict[str, Any]]] = {}
    for action in actions:
        by_school.setdefault(action.school_id, []).append(
            action_dict(action, reviews.get(action.pk))
        )
    return by_school


def live_evidence(meeting: Meeting, schools: list[School], today: dt.date) -> dict[int, Evidence]:
    """Each school's evidence now, with the earlier actions due for review."""
    evidence = school_evidence(trust=meeting.trust, schools=schools, today=today)
    earlier = live_earlier_actions(meeting, [s.pk for s in schools])
    for school_id, found in evidence.items():
        found["earlier_actions"] = earlier.get(school_id, [])
    return evidence


def meeting_agenda(
    *, meeting: Meeting, user: User | None, today: dt.date, full: bool = False
) -> list[AgendaRow]:
    """Every school's row with its evidence: live while the meeting is open, as frozen when it
    closed. The restricted criterion shows for the schools whose restricted parts the person reads
    (`full`: every school, for the full edition of the pack and minutes)."""
    items = _items(meeting)
    schools = [item.school for item in items]
    if meeting.is_closed:
        evidence = {item.school_id: item.evidence or {} for item in items}
    else:
        evidence = live_evidence(meeting, schools, today)
    raised: dict[int, list[RemedialAction]] = {}
    for action in RemedialAction.objects.filter(raised_at=meeting).select_related("owner"):
        raised.setdefault(action.school_id, []).append(action)
    access = access_for(user) if user is not None else None
    rows = []
    for item in items:
        restricted = full or (access is not None and reads_restricted(access, item.school_id))
        found = evidence.get(item.school_id, {})
        rows.append(
            AgendaRow(
                item=item,
                school=item.school,
                evidence=found,
                judgements=_judgements(item, meeting.kind, restricted),
                earlier_actions=found.get("earlier_actions", []),
                new_actions=raised.get(item.school_id, []),
                restricted=restricted,
            )
        )
    return rows


def agenda_row(*, item: MeetingItem, user: User, today: dt.date) -> AgendaRow:
    """One school's row (the item page): its evidence, judgements and actions."""
    meeting = item.meeting
    if meeting.is_closed:
        found = item.evidence or {}
    else:
        found = live_evidence(meeting, [item.school], today)[item.school_id]
    restricted = reads_restricted(access_for(user), item.school_id)
    return AgendaRow(
        item=item,
        school=item.school,
        evidence=found,
        judgements=_judgements(item, meeting.kind, restricted),
        earlier_actions=found.get("earlier_actions", []),
        new_actions=list(
            RemedialAction.objects.filter(raised_at=meeting, school=item.school).select_related(
                "owner"
            )
        ),
        restricted=restricted,
    )


def open_earlier_actions(*, item: MeetingItem) -> list[RemedialAction]:
    """The earlier actions of the item's school the meeting may still review."""
    return earlier_actions_query(item.meeting, [item.school_id])


def reviews_at(*, meeting: Meeting, actions: list[RemedialAction]) -> dict[int, ActionReview]:
    return {
        r.action_id: r
        for r in ActionReview.objects.filter(meeting=meeting, action__in=[a.pk for a in actions])
    }


def owner_choices(*, trust_id: int) -> Any:
    """The people of the trust an action may be given to."""
    return User.objects.filter(trust_id=trust_id, is_active=True).order_by("full_name")
