"""Reads about QA visits. `access_visit` is the only road from a URL's id to a visit."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Max, Min, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum, Value
from django.http import Http404

from fht.access import access_for
from fht.models import User
from fht.rag import Rag
from fht.roles import ClusterPerm, Role, SchoolPerm
from fht.tenancy import trust_id_of, trust_of
from people.models import RoleAssignment
from qa_visits.cadence import next_visit_due
from qa_visits.models import Visit, VisitProforma, VisitSection
from qa_visits.sections import SECTION_BY_KEY, SECTIONS, Restriction, Section
from schools import core_offer
from schools.models import AcademicYear, School
from schools.selectors import open_on
from schools.years import academic_year_for


def access_visit(user: User, visit_id: int, *, write: bool = False) -> Visit:
    """A visit of the person's trust that their role reaches; 404 for 'missing' and 'not yours'.

    Readers (VIEW_IMPROVEMENT on the school) see submitted visits only; a visit being planned or
    written is seen by those who plan and log visits for the school (MANAGE_IMPROVEMENT), who are
    also the only writers.
    """
    try:
        visit = Visit.objects.select_related("school", "director", "academic_year").get(
            pk=visit_id, trust_id=trust_id_of(user)
        )
    except Visit.DoesNotExist:
        raise Http404("No such visit") from None
    access = access_for(user)
    manages = access.has_school_perm(visit.school_id, SchoolPerm.MANAGE_IMPROVEMENT)
    reads = access.has_school_perm(visit.school_id, SchoolPerm.VIEW_IMPROVEMENT)
    if write and not manages:
        raise Http404("No such visit")
    if not manages and not (reads and visit.is_submitted):
        raise Http404("No such visit")
    return visit


def may_see(user: User, school_id: int, section: Section) -> bool:
    perm = section.permission
    return perm is None or access_for(user).has_school_perm(school_id, perm)


def visible_sections(user: User, visit: Visit) -> list[Section]:
    """The sections this person may read, in the strategy's order."""
    return [s for s in SECTIONS if may_see(user, visit.school_id, s)]


def visible_section_rows(user: User, visit: Visit) -> list[tuple[Section, VisitSection]]:
    """Each visible section with its saved judgement and notes (one query)."""
    rows = {row.key: row for row in visit.sections.all()}
    return [
        (SECTION_BY_KEY[key], rows[key])
        for key in (s.key.value for s in visible_sections(user, visit))
        if key in rows
    ]


def audience_for(user: User, school_id: int) -> VisitProforma.Audience:
    """Which edition of the proforma this person may download."""
    access = access_for(user)
    if access.has_school_perm(school_id, SchoolPerm.VIEW_HEAD_PERFORMANCE):
        return VisitProforma.Audience.FULL
    if access.has_school_perm(school_id, SchoolPerm.VIEW_RESTRICTED):
        return VisitProforma.Audience.STAFFING
    return VisitProforma.Audience.OPEN


# --- planning -----------------------------------------------------------------------------------

ACTIVE_STATUSES = (Visit.Status.PLANNED, Visit.Status.DRAFT)
HEAD_ROLES = (Role.HEAD_TEACHER, Role.EXECUTIVE_HEAD)


def can_write_school(user: User, school_id: int) -> bool:
    return access_for(user).has_school_perm(school_id, SchoolPerm.MANAGE_IMPROVEMENT)


def require_plans_visits(user: User) -> None:
    """The visits page is for those who plan visits (CEO, deputy, Directors of QA): 403 for others."""
    if not access_for(user).can_plan_visits:
        raise PermissionDenied("Only those who plan QA visits can see the visits page.")


def require_manage_cadence(user: User) -> None:
    if not access_for(user).can_manage_benchmarks:
        raise PermissionDenied("Only the trust's QA leads can change the visit cadence.")


def access_school_to_plan(user: User, school_id: int) -> School:
    """An open school of the person's trust they plan visits for; 404 for 'missing', 'closed'
    and 'not yours'."""
    if not can_write_school(user, school_id):
        raise Http404("No such school")
    try:
        return School.objects.select_related("cluster", "trust").get(
            pk=school_id, trust_id=trust_id_of(user), closed_on__isnull=True
        )
    except School.DoesNotExist:
        raise Http404("No such school") from None


# The key of this app's source of core-offer days.
VISIT_DAYS = "visits"


@dataclass(frozen=True)
class PlanRow:
    """One school on the visits page."""

    school: School
    name: str
    cluster: str
    category: str | None
    last_visited_on: dt.date | None
    last_visit_id: int | None
    next_planned_on: dt.date | None
    next_visit_id: int | None
    due_on: dt.date
    overdue: bool
    days_used: Decimal
    days_left: Decimal


def _latest_visit(
    statuses: tuple[str, ...], order: tuple[str, ...], on: dt.date | None = None
) -> Subquery:
    visits = Visit.objects.filter(school=OuterRef("pk"), status__in=statuses)
    if on is not None:
        visits = visits.filter(visited_on__lte=on)
    return Subquery(visits.order_by(*order).values("pk")[:1])


def visit_plan_rows(
    *,
    user: User,
    today: dt.date,
    query: str = "",
    cluster_id: int | None = None,
    overdue_only: bool = False,
) -> tuple[list[PlanRow], AcademicYear | None]:
    """The open schools this person plans visits for, with when each is due (three queries)."""
    trust = trust_of(user)
    year = academic_year_for(trust_id=trust.pk, on=today)
    counted = Q(visits__academic_year=year) & ~Q(visits__status=Visit.Status.CANCELLED)
    schools = (
        School.objects.filter(
            trust_id=trust.pk,
            pk__in=access_for(user).school_ids(SchoolPerm.MANAGE_IMPROVEMENT),
            closed_on__isnull=True,
        )
        .select_related("cluster")
        .annotate(
            last_visited_on=Max("visits__visited_on", filter=Q(visits__status="submitted")),
            next_planned_on=Min(
                "visits__planned_for", filter=Q(visits__status__in=ACTIVE_STATUSES)
            ),
            days_used=Sum("visits__days", filter=counted) if year else Value(None),
            last_visit_id=_latest_visit(("submitted",), ("-visited_on", "-pk")),
            next_visit_id=_latest_visit(ACTIVE_STATUSES, ("planned_for", "pk")),
        )
        .order_by("name")
    )
    if query:
        schools = schools.filter(Q(name__icontains=query) | Q(urn=query))
    if cluster_id is not None:
        schools = schools.filter(cluster_id=cluster_id)
    offer = Decimal(trust.core_offer_days)
    schools_list = list(schools)
    support = _other_days(school_ids=[s.pk for s in schools_list], year=year)
    rows = []
    for school in schools_list:
        due_on = next_visit_due(
            trust=trust,
            last_visited_on=school.last_visited_on,
            today=today,
            category=school.category,
        )
        used = Decimal(school.days_used or 0) + support.get(school.pk, Decimal(0))
        rows.append(
            PlanRow(
                school=school,
                name=school.name,
                cluster=school.cluster.name if school.cluster else "",
                category=school.category,
                last_visited_on=school.last_visited_on,
                last_visit_id=school.last_visit_id,
                next_planned_on=school.next_planned_on,
                next_visit_id=school.next_visit_id,
                due_on=due_on,
                overdue=due_on < today,
                days_used=used,
                days_left=offer - used,
            )
        )
    if overdue_only:
        rows = [r for r in rows if r.overdue]
    return rows, year


def counted_visits() -> QuerySet[Visit]:
    """The visits that use core-offer days: every one but the cancelled."""
    return Visit.objects.exclude(status=Visit.Status.CANCELLED)


def visit_days_by_school(school_ids: list[int], year: AcademicYear) -> dict[int, Decimal]:
    """Core-offer days of the year's visits at each school (one query): this app's source of
    core-offer days (schools/core_offer.py)."""
    rows = (
        counted_visits()
        .filter(school_id__in=school_ids, academic_year=year)
        .values_list("school_id")
        .annotate(total=Sum("days"))
    )
    return {school_id: total or Decimal(0) for school_id, total in rows}


def _other_days(*, school_ids: list[int], year: AcademicYear | None) -> dict[int, Decimal]:
    """Core-offer days the other sources use (the support deployed under the schools' plans)."""
    return core_offer.days_used(school_ids=school_ids, year=year, skip={VISIT_DAYS})


def days_used(
    *, school: School, year: AcademicYear | None, excluding: int | None = None
) -> Decimal:
    """Core-offer days used in the year: the visits to the school (cancelled ones do not count,
    nor the visit `excluding`, being edited) and what the other sources use."""
    if year is None:
        return Decimal(0)
    visits = counted_visits().filter(school=school, academic_year=year)
    if excluding is not None:
        visits = visits.exclude(pk=excluding)
    visit_days = visits.aggregate(total=Sum("days"))["total"] or Decimal(0)
    return visit_days + _other_days(school_ids=[school.pk], year=year).get(school.pk, Decimal(0))


def director_choices(*, school: School, acting_user: User) -> QuerySet[User]:
    """Who may lead a visit to the school: its cluster's Directors of QA, the CEO and deputy."""
    roles = RoleAssignment.objects.filter(trust_id=school.trust_id, ended_at__isnull=True).filter(
        Q(role=Role.QA_DIRECTOR, cluster_id=school.cluster_id)
        | Q(role__in=[Role.CEO, Role.DEPUTY_CEO])
    )
    return (
        User.objects.filter(trust_id=school.trust_id, is_active=True)
        .filter(Q(pk__in=roles.values("person_id")) | Q(pk=acting_user.pk))
        .order_by("full_name")
    )


def school_heads(*, school: School) -> list[User]:
    """The school's head teacher(s) now, for the email when a visit is submitted."""
    ids = RoleAssignment.objects.filter(
        trust_id=school.trust_id, school=school, role__in=HEAD_ROLES, ended_at__isnull=True
    ).values("person_id")
    return list(User.objects.filter(pk__in=ids, is_active=True).order_by("full_name"))


# --- one visit ----------------------------------------------------------------------------------


def visit_for_page(user: User, visit_id: int, *, write: bool = False) -> Visit:
    """`access_visit`, with what the visit page shows loaded alongside."""
    visit = access_visit(user, visit_id, write=write)
    return (
        Visit.objects.select_related(
            "school__cluster",
            "director",
            "academic_year",
            "submitted_by",
            "head_responded_by",
            "proforma_job",
        )
        .prefetch_related("sections")
        .get(pk=visit.pk)
    )


def can_respond(user: User, visit: Visit) -> bool:
    """The head (and the CEO and deputy) add the school's factual-accuracy response."""
    return visit.is_submitted and access_for(user).has_school_perm(
        visit.school_id, SchoolPerm.UPDATE_PROGRESS
    )


def rag_counts(rows: Sequence[tuple[Section, VisitSection]]) -> list[tuple[str, int]]:
    """How many sections were judged green, amber and red (in words: 'Green', 3)."""
    counts = dict.fromkeys(Rag.values, 0)
    for section, row in rows:
        if section.has_rag and row.rag in counts:
            counts[row.rag] += 1
    return [(str(Rag(rag).label), n) for rag, n in counts.items() if n]


# --- the school and cluster pages ----------------------------------------------------------------


def _visible_keys(user: User, school_id: int) -> list[str]:
    return [s.key.value for s in SECTIONS if may_see(user, school_id, s)]


def school_visits(*, user: User, school: School) -> list[Visit]:
    """The school's visits this person may see, newest first, with their visible sections (two
    queries): submitted ones for readers; planned ones and drafts too for those who write them."""
    visits = (
        Visit.objects.filter(school=school, trust_id=school.trust_id)
        .select_related("director")
        .defer("snapshot", "head_response")
    )
    if can_write_school(user, school.pk):
        visits = visits.exclude(status=Visit.Status.CANCELLED)
    else:
        visits = visits.filter(status=Visit.Status.SUBMITTED)
    # Key and judgement only: the panel summarises, it never shows notes.
    sections = VisitSection.objects.filter(key__in=_visible_keys(user, school.pk)).only(
        "id", "visit_id", "key", "rag"
    )
    return list(
        visits.prefetch_related(Prefetch("sections", queryset=sections)).order_by(
            "-planned_for", "-pk"
        )
    )


@dataclass(frozen=True)
class ClusterColumn:
    school: School
    visit: Visit | None
    judgements: dict[str, str]  # section key -> 'Green', 'Amber', 'Red', 'Not judged'
    rags: dict[str, str]  # section key -> rag value, for the tag
    figures: dict[str, dict[str, Any]]  # measure -> snapshot figure
    readable: bool = False  # may open the school's visit records


COMPARED_SECTIONS = [s for s in SECTIONS if s.has_rag and s.restriction == Restriction.NONE]
KEY_FIGURES = [
    ("attendance", "Attendance"),
    ("persistent_absence", "Persistent absence"),
    ("on_track_combined", "On track at ARE, reading, writing and maths"),
    ("ks2_rwm_expected", "Key Stage 2 reading, writing and maths, expected standard"),
]


def _snapshot_figures(snapshot: dict[str, Any] | None) -> dict[str, dict[str, Any]]:
    if not snapshot:
        return {}
    figures = list((snapshot.get("termly") or {}).get("headline", []))
    figures += list((snapshot.get("statutory") or {}).get("outcomes", []))
    return {str(f.get("measure")): f for f in figures}


def cluster_comparison(
    *, user: User, cluster: Any, on: dt.date | None = None
) -> list[ClusterColumn]:
    """Each school of the cluster with its latest submitted visit (three queries); `on` a day, the
    schools open then and their latest visit by then, as a pack for that day shows them.

    Whoever may see the cluster (its governors and heads, its Director of QA, the central team)
    compares all its schools: that is what the LGB cluster meeting does (DOMAIN.md). So only the
    unrestricted judgements and key figures appear, and a visit links to its record only for
    those who may read that school's visits."""
    access = access_for(user)
    if not access.has_cluster_perm(cluster.pk, ClusterPerm.VIEW):
        return []
    schools = list(
        School.objects.filter(cluster=cluster, trust_id=cluster.trust_id)
        .filter(open_on(on))
        .annotate(latest_visit_id=_latest_visit(("submitted",), ("-visited_on", "-pk"), on))
        .order_by("name")
    )
    keys = [s.key.value for s in COMPARED_SECTIONS]
    visits = {
        v.pk: v
        for v in Visit.objects.filter(
            pk__in=[s.latest_visit_id for s in schools if s.latest_visit_id],
            trust_id=cluster.trust_id,
        ).prefetch_related(Prefetch("sections", queryset=VisitSection.objects.filter(key__in=keys)))
    }
    labels = dict(Rag.choices)
    columns = []
    for school in schools:
        visit = visits.get(school.latest_visit_id) if school.latest_visit_id else None
        rags = {row.key: row.rag for row in visit.sections.all()} if visit else {}
        columns.append(
            ClusterColumn(
                school=school,
                visit=visit,
                judgements={k: str(labels.get(rags.get(k, ""), "Not judged")) for k in keys},
                rags=rags,
                figures=_snapshot_figures(visit.snapshot if visit else None),
                readable=access.has_school_perm(school.pk, SchoolPerm.VIEW_IMPROVEMENT),
            )
        )
    return columns
