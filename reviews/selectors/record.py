"""What the record part reads: which areas a review records, its areas with their records, what a
review still lacks before it can be checked, what comes next in its workflow, and the people who
may be named as a strength's contact.

- Early years: recorded for schools whose phase has early-years pupils (nursery, primary,
  all-through, special); the reviewer may still mark it 'does not apply' (a school with no
  reception class). Other phases never show it.
- Restricted areas (staffing): only for those who read the school's restricted notes.
"""

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from fht.access import access_for
from fht.models import User
from fht.roles import SchoolPerm
from reviews.models import AREAS, Area, AreaKey, AreaRecord, Challenge, Review, Strength
from schools.models import School

# The judgement of an early-years area the reviewer marked as not applying to the school.
NOT_APPLICABLE = "not_applicable"
NOT_APPLICABLE_LABEL = "Does not apply to this school"
EARLY_YEARS_PHASES = frozenset(
    {
        School.Phase.NURSERY,
        School.Phase.PRIMARY,
        School.Phase.ALL_THROUGH,
        School.Phase.SPECIAL,
    }
)

NEXT_STEP = {
    Review.Status.DRAFT: "The team writes the record, then a team member sends it for checking.",
    Review.Status.CHECKING: "A second reviewer from the team checks it, or sends it back.",
    Review.Status.CHECKED: "Those who plan the review share it with the head teacher.",
    Review.Status.SHARED: "The head teacher acknowledges it and records when the key findings "
    "were shared with staff, children and governors.",
    Review.Status.ACKNOWLEDGED: "Done. The head teacher records when the key findings were "
    "shared, if not yet recorded.",
}


def has_early_years(school: School) -> bool:
    return school.phase in EARLY_YEARS_PHASES


def areas_for(review: Review, *, reads_restricted: bool) -> list[Area]:
    """The areas this review records that the person may see, in the order of AREAS."""
    early_years = has_early_years(review.school)
    return [
        area
        for area in AREAS
        if (early_years or not area.early_years_only) and (reads_restricted or not area.restricted)
    ]


def area_choices(area: Area) -> list[tuple[str, str]]:
    choices = [(str(value), str(label)) for value, label in area.scale.choices]
    if area.early_years_only:
        choices.append((NOT_APPLICABLE, NOT_APPLICABLE_LABEL))
    return choices


def judgement_label(area: Area, value: str) -> str:
    return dict(area_choices(area)).get(value, "Not yet judged")


@dataclass(frozen=True)
class AreaRow:
    area: Area
    judgement: str
    judgement_label: str
    notes: str


def area_rows(review: Review, *, reads_restricted: bool) -> list[AreaRow]:
    """The areas the person may see, each with its judgement in words and its evidence."""
    records = {r.key: r for r in AreaRecord.objects.filter(review=review)}
    rows = []
    for area in areas_for(review, reads_restricted=reads_restricted):
        record = records.get(area.key)
        judgement = record.judgement if record else ""
        rows.append(
            AreaRow(
                area=area,
                judgement=judgement,
                judgement_label=judgement_label(area, judgement),
                notes=record.notes if record else "",
            )
        )
    return rows


def missing_for_check(review: Review) -> list[str]:
    """What the record lacks before it can go for checking, in words (empty when complete)."""
    judged = {
        r.key for r in AreaRecord.objects.filter(review=review).exclude(judgement="").only("key")
    }
    missing = [
        f"a judgement for {area.label.lower()}"
        for area in areas_for(review, reads_restricted=True)
        if area.key not in judged
    ]
    if not Challenge.objects.filter(review=review).exists():
        missing.append("at least one key challenge")
    if not Strength.objects.filter(review=review).exists():
        missing.append("at least one strength")
    return missing


def send_back_note(review: Review) -> str | None:
    """The note of the last check that sent the review back to draft, while it is in draft."""
    if review.status != Review.Status.DRAFT:
        return None
    record = (
        Review.history.filter(id=review.pk, status=Review.Status.DRAFT)
        .exclude(history_change_reason=None)
        .order_by("-history_date")
        .first()
    )
    return record.history_change_reason if record else None


def contact_choices(review: Review) -> list[tuple[str, str]]:
    """People of the review's trust who may be named as a strength's contact."""
    people = User.objects.filter(trust_id=review.trust_id, is_active=True).order_by(
        "full_name", "pk"
    )
    return [(str(p.pk), p.full_name or p.email) for p in people]


def token(value: object) -> str:
    """A short fingerprint of a saved value: a form carries the fingerprints of what it was
    opened with, so a save can tell what someone else changed since."""
    return hashlib.sha256(str(value).encode()).hexdigest()[:16]


def record_values(review: Review, areas: list[Area]) -> dict[str, str]:
    """The record's saved values, by form field name (`<area>_judgement`, `<area>_notes`,
    `trust_impact`)."""
    records = {r.key: r for r in AreaRecord.objects.filter(review=review)}
    values = {"trust_impact": review.trust_impact}
    for area in areas:
        record = records.get(area.key)
        values[f"{area.key}_judgement"] = record.judgement if record else ""
        values[f"{area.key}_notes"] = record.notes if record else ""
    return values


def row_token(row: Strength | Challenge) -> str:
    if isinstance(row, Strength):
        return token((row.title, row.detail, row.theme, row.contact_id))
    return token((row.title, row.detail))


def theme_label(key: str) -> str:
    return str(dict(AreaKey.choices).get(key, key))


# --- history ------------------------------------------------------------------------------------

HISTORY_MERGE = dt.timedelta(minutes=30)
_REVIEW_FIELDS = {
    "status": "status",
    "starts_on": "first day",
    "ends_on": "last day",
    "trust_impact": "impact of the trust",
    "sent_for_check_by_id": "sent for checking by",
    "checked_by_id": "checked by",
    "shared_by_id": "shared by",
    "acknowledged_by_id": "acknowledged by",
    "shared_with_staff_on": "shared with staff on",
    "shared_with_children_on": "shared with children on",
    "shared_with_governors_on": "shared with governors on",
}
_AREA_FIELDS = {"judgement": "judgement", "notes": "evidence"}
_STRENGTH_FIELDS = {
    "title": "title",
    "detail": "detail",
    "theme": "theme",
    "contact_id": "contact",
}
_CHALLENGE_FIELDS = {"title": "title", "detail": "detail", "priority_id": "action-plan priority"}
RESTRICTED_WORDS = "(restricted: not shown)"


@dataclass
class HistoryLine:
    when: dt.datetime
    who: str
    subject: str
    field: str
    old: str
    new: str
    after_sharing: bool = False
    user_id: int | None = None


def _words(value: object, *, choices: dict[str, str] | None = None, limit: int = 160) -> str:
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, dt.date):
        return f"{value:%-d %B %Y}"
    text = " ".join(str(value).split())
    if choices is not None:
        text = choices.get(str(value), text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def review_history(review: Review, *, reads_restricted: bool) -> list[HistoryLine]:
    """Every change of the review, its areas and findings, oldest first: who, when, which field,
    from what to what. Consecutive edits of one field by one person (autosave) make one line.
    The words of restricted areas are hidden from those who do not read them."""
    people = {u.pk: u.full_name or u.email for u in User.objects.filter(trust_id=review.trust_id)}
    area_by_key = {a.key.value: a for a in AREAS}
    statuses = dict(Review.Status.choices)
    themes = {str(k): str(v) for k, v in AreaKey.choices}
    raw: list[HistoryLine] = []

    def person(pk: object) -> str:
        return people.get(pk, "nobody") if pk else "nobody"  # type: ignore[call-overload]

    def walk(records: Any, subject_of: Any, fields: dict[str, str], words: Any) -> None:
        before: dict[int, Any] = {}
        for record in records:
            who = person(record.history_user_id) if record.history_user_id else "System"
            subject, hidden = subject_of(record)
            common = {"when": record.history_date, "who": who, "user_id": record.history_user_id}
            previous = before.get(record.id)
            if record.history_type == "+":
                raw.append(HistoryLine(subject=subject, field="added", old="", new="", **common))
                for name, label in fields.items():
                    value = getattr(record, name)
                    if value in (None, ""):
                        continue
                    new = RESTRICTED_WORDS if hidden else words(name, record, value)
                    raw.append(
                        HistoryLine(subject=subject, field=label, old="(empty)", new=new, **common)
                    )
            elif record.history_type == "-":
                raw.append(HistoryLine(subject=subject, field="removed", old="", new="", **common))
            elif previous is not None:
                for name, label in fields.items():
                    old, new = getattr(previous, name), getattr(record, name)
                    if old == new:
                        continue
                    raw.append(
                        HistoryLine(
                            subject=subject,
                            field=label,
                            old=RESTRICTED_WORDS if hidden else words(name, previous, old),
                            new=RESTRICTED_WORDS if hidden else words(name, record, new),
                            **common,
                        )
                    )
            before[record.id] = record

    def review_words(name: str, record: Any, value: object) -> str:
        if name.endswith("_by_id"):
            return person(value)
        return _words(value, choices=statuses if name == "status" else None)

    def area_subject(record: Any) -> tuple[str, bool]:
        area = area_by_key.get(record.key)
        label = area.label if area else record.key
        return label, bool(area and area.restricted and not reads_restricted)

    def area_words(name: str, record: Any, value: object) -> str:
        area = area_by_key.get(record.key)
        if name == "judgement" and area is not None:
            return _words(value, choices=dict(area_choices(area)))
        return _words(value)

    def finding_words(name: str, record: Any, value: object) -> str:
        if name == "contact_id":
            return person(value)
        if name == "priority_id":
            return "made a priority of the action plan" if value else "(none)"
        return _words(value, choices=themes if name == "theme" else None)

    walk(
        Review.history.filter(id=review.pk).order_by("history_date", "history_id"),
        lambda r: ("The review", False),
        _REVIEW_FIELDS,
        review_words,
    )
    walk(
        AreaRecord.history.filter(review_id=review.pk).order_by("history_date", "history_id"),
        area_subject,
        _AREA_FIELDS,
        area_words,
    )
    walk(
        Strength.history.filter(review_id=review.pk).order_by("history_date", "history_id"),
        lambda r: (f"Strength: {_words(r.title, limit=60)}", False),
        _STRENGTH_FIELDS,
        finding_words,
    )
    walk(
        Challenge.history.filter(review_id=review.pk).order_by("history_date", "history_id"),
        lambda r: (f"Key challenge: {_words(r.title, limit=60)}", False),
        _CHALLENGE_FIELDS,
        finding_words,
    )
    raw.sort(key=lambda line: line.when)
    lines: list[HistoryLine] = []
    last: dict[tuple[str, str, int | None], HistoryLine] = {}
    for line in raw:
        key = (line.subject, line.field, line.user_id)
        merged = last.get(key)
        if (
            merged is not None
            and line.field not in {"added", "removed"}
            and line.when - merged.when <= HISTORY_MERGE
            and merged is lines[-1]
        ):
            merged.new = line.new
            merged.when = line.when
            continue
        lines.append(line)
        last[key] = line
    shared_at = review.shared_at
    for line in lines:
        line.after_sharing = shared_at is not None and line.when > shared_at
    return lines


# --- the home page ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Waiting:
    review: Review
    what: str  # what the person is to do, in words


def waiting_for(user: User) -> list[Waiting]:
    """The reviews waiting for this person (one query): to check (on the team, not the one who
    sent it), to share (those who plan it), to acknowledge (the school's head)."""
    access = access_for(user)
    plans = set(access.school_ids(SchoolPerm.MANAGE_IMPROVEMENT))
    heads = set(access.school_ids(SchoolPerm.UPDATE_PROGRESS)) - plans
    status = Review.Status
    rows = (
        Review.objects.filter(
            (Q(status=status.CHECKING, team__person=user) & ~Q(sent_for_check_by=user))
            | Q(status=status.CHECKED, school_id__in=plans)
            | Q(status=status.SHARED, school_id__in=heads)
        )
        .select_related("school")
        .distinct()
        .order_by("starts_on", "pk")
    )
    what = {
        status.CHECKING: "check it as the second reviewer",
        status.CHECKED: "share it with the head teacher",
        status.SHARED: "acknowledge it",
    }
    return [Waiting(review=r, what=what[Review.Status(r.status)]) for r in rows]
