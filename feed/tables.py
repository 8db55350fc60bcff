"""The tables the feed serves: for each, its rows (inside the token's trust scope), its columns
with their meanings, which view reads each column, and how 'updated since' is decided.

No column reads restricted text: the visit sections on staffing and on the head's performance
management are left out by their section key, and no other restricted field is named here.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Model, Q, QuerySet

from feed.models import View
from isap.models import Action, Deployment
from qa_visits.models import Visit, VisitSection
from qa_visits.sections import SECTION_BY_KEY, Restriction
from returns.models import AttainmentRow, DataReturn, StatutoryResult
from risk.models import CategoryDecision
from schools.models import Inspection, School

Value = str | int | float | bool | dt.date | dt.datetime | Decimal | None
BOTH = frozenset(View)
CEO_ONLY = frozenset({View.CEO})


@dataclass(frozen=True)
class Col:
    name: str
    meaning: str
    get: Callable[[Any], Value]
    views: frozenset[View] = BOTH


@dataclass(frozen=True)
class FeedTable:
    key: str
    label: str
    about: str
    rows: Callable[[], "QuerySet[Any]"]
    columns: tuple[Col, ...]
    # The model's own modified timestamp, or None to read its history (history_date).
    modified_field: str | None = None
    history_of: type[Model] | None = None
    # A parent's own timestamps that also count as a change of the row.
    parent_modified: tuple[str, ...] = ()

    def columns_for(self, view: str) -> list[Col]:
        return [c for c in self.columns if view in c.views]

    @property
    def updated_rule(self) -> str:
        if self.modified_field:
            return f"the row's own “{self.modified_field}” time"
        rule = "the time of the latest change in the row's history"
        if self.parent_modified:
            parents = " or ".join(f"“{p.replace('__', '.')}”" for p in self.parent_modified)
            rule += f", or its {parents} time, whichever is latest"
        return rule

    def since(self, rows: "QuerySet[Any]", when: dt.datetime) -> "QuerySet[Any]":
        """The rows changed at or after `when` (one subquery, no extra round trip)."""
        if self.modified_field:
            return rows.filter(**{f"{self.modified_field}__gte": when})
        assert self.history_of is not None
        changed = self.history_of.history.filter(history_date__gte=when).values("id")  # type: ignore[attr-defined]
        parents = Q()
        for parent in self.parent_modified:
            parents |= Q(**{f"{parent}__gte": when})
        return rows.filter(Q(pk__in=changed) | parents)


def _follow(row: Any, path: str) -> Any:
    """The value at a dotted path from the row, or None where a link is empty."""
    value: Any = row
    for part in path.split(".") if path else ():
        value = getattr(value, part, None)
        if value is None:
            return None
    return value


def _attr(path: str) -> Callable[[Any], Value]:
    def get(row: Any) -> Value:
        value: Value = _follow(row, path)
        return value

    return get


def _display(path: str, field: str) -> Callable[[Any], Value]:
    def get(row: Any) -> Value:
        obj = _follow(row, path)
        return None if obj is None else getattr(obj, f"get_{field}_display")() or None

    return get


def _name(path: str) -> Callable[[Any], Value]:
    def get(row: Any) -> Value:
        person = _follow(row, path)
        return None if person is None else str(person.full_name)

    return get


def _c(name: str, meaning: str, get: Callable[[Any], Value] | None = None, **kw: Any) -> Col:
    return Col(name, meaning, get or _attr(name), **kw)


def _school_cols(path: str) -> tuple[Col, ...]:
    prefix = f"{path}." if path else ""
    return (
        _c(
            "school_id",
            "The school's id in this feed's schools table.",
            _attr(f"{prefix}school_id"),
        ),
        _c("school_urn", "The school's URN.", _attr(f"{prefix}school.urn")),
        _c("school_name", "The school's name.", _attr(f"{prefix}school.name")),
    )


def _schools() -> "QuerySet[Any]":
    return School.objects.select_related("cluster")


def _categories() -> "QuerySet[Any]":
    return CategoryDecision.objects.select_related("school", "decided_by")


def _inspections() -> "QuerySet[Any]":
    return Inspection.objects.select_related("school")


def _returns() -> "QuerySet[Any]":
    return DataReturn.objects.select_related("school", "half_term__academic_year")


def _attainment() -> "QuerySet[Any]":
    return AttainmentRow.objects.select_related(
        "data_return__school", "data_return__half_term__academic_year"
    )


def _statutory() -> "QuerySet[Any]":
    return StatutoryResult.objects.select_related("school", "academic_year")


OPEN_SECTIONS = [k for k, s in SECTION_BY_KEY.items() if s.restriction == Restriction.NONE]


def _judgements() -> "QuerySet[Any]":
    # Submitted visits only (a draft is not yet a judgement), and never a restricted section.
    return VisitSection.objects.filter(
        Q(key__in=OPEN_SECTIONS), visit__status=Visit.Status.SUBMITTED
    ).select_related("visit__school", "visit__director")


def _actions() -> "QuerySet[Any]":
    return Action.objects.select_related(
        "priority__plan__school", "priority__plan__academic_year", "owner"
    )


def _deployments() -> "QuerySet[Any]":
    return Deployment.objects.select_related(
        "priority__plan__school", "priority__plan__academic_year", "person"
    )


_ID = _c("id", "The row's id: stable, and the order of the feed.")
_GRADES = (
    ("overall", "2019 framework: overall effectiveness, 1 outstanding to 4 inadequate."),
    ("quality_of_education", "2019 and 2024 frameworks: 1 outstanding to 4 inadequate."),
    ("behaviour_and_attitudes", "2019 and 2024 frameworks: 1 to 4."),
    ("personal_development", "2019 and 2024 frameworks: 1 to 4."),
    ("leadership_and_management", "2019 and 2024 frameworks: 1 to 4."),
    ("early_years", "2019 and 2024 frameworks, where inspected: 1 to 4."),
    ("sixth_form", "2019 and 2024 frameworks, where inspected: 1 to 4."),
    ("area_inclusion", "Report card (from November 2025): 1 exceptional to 5 urgent improvement."),
    ("area_curriculum_and_teaching", "Report card: 1 to 5."),
    ("area_achievement", "Report card: 1 to 5."),
    ("area_attendance_and_behaviour", "Report card: 1 to 5."),
    ("area_personal_development", "Report card: personal development and well-being, 1 to 5."),
    ("area_leadership_and_governance", "Report card: 1 to 5."),
    ("area_early_years", "Report card, where inspected: 1 to 5."),
)


TABLES: dict[str, FeedTable] = {
    t.key: t
    for t in (
        FeedTable(
            "schools",
            "Schools",
            "Every school of the trust, open or closed, with its current category.",
            _schools,
            (
                _ID,
                _c("urn", "Unique reference number (DfE)."),
                _c("establishment_number", "DfE establishment number (LA code/number)."),
                _c("name", "The school's name."),
                _c("phase", "Phase of education.", _display("", "phase")),
                _c("local_authority", "Local authority."),
                _c("pupils_on_roll", "Pupils on roll."),
                _c("joined_trust_on", "Date the school joined the trust."),
                _c("route", "Sponsored, converter or transferred.", _display("", "route")),
                _c("cluster", "The cluster (hub) it belongs to.", _attr("cluster.name")),
                _c("category", "Current category: A Sustain, B Improve, C Repair, D Stabilise."),
                _c("closed_on", "Date it left the trust or closed; empty while open."),
            ),
            history_of=School,
        ),
        FeedTable(
            "categories",
            "Category decisions",
            "Every decision on a school's category, newest changes included: its history.",
            _categories,
            (
                _ID,
                *_school_cols(""),
                _c("category", "The category decided: A, B, C or D."),
                _c("previous_category", "The category before; empty for the first."),
                _c("decided_on", "Date of the decision."),
                _c(
                    "source",
                    "Risk meeting, due diligence or between meetings.",
                    _display("", "source"),
                ),
                _c("meeting_id", "The risk meeting it was agreed at, if any."),
                _c("reason", "Why, in the decision-maker's words.", views=CEO_ONLY),
                _c("decided_by", "Who decided.", _name("decided_by"), views=CEO_ONLY),
            ),
            history_of=CategoryDecision,
        ),
        FeedTable(
            "inspections",
            "Ofsted inspections",
            "Each school's inspections, each on its own framework's scale (never converted).",
            _inspections,
            (
                _ID,
                *_school_cols(""),
                _c("inspected_on", "Last day of the inspection."),
                _c("framework", "Framework: 2019, 2024 or 2025 (report card)."),
                _c("inspection_type", "Type of inspection.", _display("", "inspection_type")),
                *(_c(name, meaning) for name, meaning in _GRADES),
                _c("safeguarding_met", "Report card: safeguarding met (true) or not (false)."),
                _c("concern", "Category of concern, if any.", _display("", "concern")),
                _c("note", "The trust's note on the inspection.", views=CEO_ONLY),
            ),
            history_of=Inspection,
        ),
        FeedTable(
            "data_returns",
            "Data returns",
            "Each school's figures at each collection point (half-term).",
            _returns,
            (
                _ID,
                *_school_cols(""),
                _c(
                    "academic_year",
                    "Academic year, e.g. 2026/27.",
                    lambda r: str(r.half_term.academic_year),
                ),
                _c("half_term", "Half-term of the collection.", _display("half_term", "name")),
                _c(
                    "half_term_starts_on",
                    "First day of that half-term.",
                    _attr("half_term.starts_on"),
                ),
                _c("attendance", "Attendance (%)."),
                _c("persistent_absence", "Persistent absence (%)."),
                _c("suspensions", "Suspensions this half-term."),
                _c("permanent_exclusions", "Permanent exclusions this half-term."),
                _c("updated_at", "When the return last changed."),
            ),
            modified_field="updated_at",
        ),
        FeedTable(
            "attainment",
            "Data returns: on track for age-related expectations",
            "The rows of each data return: share of a year group (or a group in it) on track.",
            _attainment,
            (
                _ID,
                _c("data_return_id", "The return in the data_returns table."),
                *_school_cols("data_return"),
                _c(
                    "academic_year",
                    "Academic year.",
                    lambda r: str(r.data_return.half_term.academic_year),
                ),
                _c("half_term", "Half-term.", _display("data_return.half_term", "name")),
                _c("year_group", "Year group (0 is Reception)."),
                _c(
                    "pupil_group",
                    "All pupils, disadvantaged, SEND, EAL or CLA.",
                    _display("", "pupil_group"),
                ),
                _c("pupils", "Pupils in the group."),
                _c("reading", "On track in reading (%); empty if not assessed."),
                _c("writing", "On track in writing (%)."),
                _c("maths", "On track in maths (%)."),
                _c("combined", "On track in reading, writing and maths combined (%)."),
            ),
            history_of=AttainmentRow,
            parent_modified=("data_return__updated_at",),
        ),
        FeedTable(
            "statutory_outcomes",
            "Statutory outcomes",
            "Yearly EYFS, phonics, KS1 and KS2 results; a missing figure has its reason.",
            _statutory,
            (
                _ID,
                *_school_cols(""),
                _c("academic_year", "Academic year.", lambda r: str(r.academic_year)),
                _c("measure", "The measure's code."),
                _c("measure_label", "The measure in words.", _display("", "measure")),
                _c("value", "The figure; empty when not published."),
                _c("cohort", "Pupils in the cohort."),
                _c("not_published", "Why there is no figure (e.g. SUPP)."),
            ),
            history_of=StatutoryResult,
        ),
        FeedTable(
            "visit_judgements",
            "QA visit judgements",
            "The RAG judgement of each unrestricted section of each submitted QA visit. The "
            "staffing and head teacher performance-management sections are never included.",
            _judgements,
            (
                _ID,
                _c("visit_id", "The visit."),
                *_school_cols("visit"),
                _c("visited_on", "Day of the visit.", lambda r: r.visit.date),
                _c("section", "The section's code."),
                _c("section_title", "The section in words.", _display("", "key")),
                _c("rag", "RAG judgement: red, amber or green; empty if none."),
                _c(
                    "director",
                    "The Director of QA who visited.",
                    _name("visit.director"),
                    views=CEO_ONLY,
                ),
                _c(
                    "notes", "The director's notes for this (unrestricted) section.", views=CEO_ONLY
                ),
            ),
            history_of=VisitSection,
            # A visit's sections are saved without history when it is first submitted.
            parent_modified=("visit__submitted_at", "visit__amended_at"),
        ),
        FeedTable(
            "isap_actions",
            "ISAP actions",
            "Every action of every school's action plan.",
            _actions,
            (
                _ID,
                _c("plan_id", "The action plan.", _attr("priority.plan_id")),
                *_school_cols("priority.plan"),
                _c(
                    "academic_year",
                    "The plan's academic year.",
                    lambda r: str(r.priority.plan.academic_year),
                ),
                _c(
                    "priority_number",
                    "The priority's number in the plan.",
                    _attr("priority.number"),
                ),
                _c("priority_title", "The priority.", _attr("priority.title"), views=CEO_ONLY),
                _c("what", "What will be done.", views=CEO_ONLY),
                _c(
                    "responsible",
                    "Who is responsible.",
                    lambda r: r.responsible or None,
                    views=CEO_ONLY,
                ),
                _c("starts_on", "Start date."),
                _c("due_on", "Due date."),
                _c("status", "Status.", _display("", "status")),
                _c("rag", "RAG rating; empty if none."),
                _c("school_impact", "The school's judgement of impact.", views=CEO_ONLY),
                _c("director_impact", "The Director of QA's judgement of impact.", views=CEO_ONLY),
                _c("updated_at", "When the action last changed."),
            ),
            modified_field="updated_at",
        ),
        FeedTable(
            "deployments",
            "Deployments and costs",
            "Support deployed against each plan's priorities: days, cost and who pays.",
            _deployments,
            (
                _ID,
                _c("plan_id", "The action plan.", _attr("priority.plan_id")),
                *_school_cols("priority.plan"),
                _c(
                    "academic_year",
                    "The plan's academic year.",
                    lambda r: str(r.priority.plan.academic_year),
                ),
                _c(
                    "priority_number",
                    "The priority's number in the plan.",
                    _attr("priority.number"),
                ),
                _c("provider", "Provider role.", _display("", "provider")),
                _c(
                    "who",
                    "The person or provider deployed.",
                    lambda r: r.who or None,
                    views=CEO_ONLY,
                ),
                _c("days", "Days deployed."),
                _c("cost", "Cost in pounds."),
                _c("funder", "Who pays: core offer (trust) or the school.", _display("", "funder")),
                _c("starts_on", "Start date."),
                _c("desired_outcome", "The desired outcome.", views=CEO_ONLY),
                _c("impact", "Impact recorded afterwards.", views=CEO_ONLY),
                _c("impact_recorded_at", "When the impact was recorded."),
            ),
            history_of=Deployment,
        ),
    )
}
