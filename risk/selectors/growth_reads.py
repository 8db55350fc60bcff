"""Reads of the growth part: who may see and change it, the trust's settings, its due-diligence
records, the golden rule from the trust's open schools, each Director of QA's load and the
category heat map. Each read takes the trust (or the person) explicitly; a list's query count does
not grow with the number of schools."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Max, Q, QuerySet
from django.http import Http404

from fht.access import access_for
from fht.models import Trust, User
from fht.roles import Role
from fht.tenancy import trust_id_of
from people.models import RoleAssignment
from qa_visits.cadence import cadence_weeks, next_visit_due
from qa_visits.models import Visit
from risk.access import reads_growth
from risk.models import CategoryDecision, DueDiligence, GrowthSettings
from risk.selectors.growth import GoldenRules, Rules, golden_rules
from schools.inspections import latest_inspections
from schools.models import HalfTerm, School
from schools.selectors import open_on

GROWTH_MANAGERS = frozenset({Role.CEO, Role.DEPUTY_CEO})
LOAD_WINDOW = dt.timedelta(weeks=6)
HEAT_MAP_HALF_TERMS = 6


# --- who ---------------------------------------------------------------------------------------


def manages_growth(user: User) -> bool:
    """The CEO and deputy keep the due-diligence records and the growth settings."""
    return any(role in GROWTH_MANAGERS for role in access_for(user).roles)


def require_reads_growth(user: User) -> None:
    """The growth pages are for the CEO, the deputy and trustees: 403 for anyone else."""
    if not reads_growth(access_for(user)):
        raise PermissionDenied(
            "The growth and capacity pages are for the CEO, deputy and trustees."
        )


def require_manages_growth(user: User) -> None:
    if not manages_growth(user):
        raise PermissionDenied("Only the CEO and deputy change these.")


def access_due_diligence(user: User, record_id: int, *, write: bool = False) -> DueDiligence:
    """A due-diligence record of the person's trust they may read (or change); 404 for
    'missing' and 'not yours' alike."""
    allowed = manages_growth(user) if write else reads_growth(access_for(user))
    if not allowed:
        raise Http404("No such record")
    try:
        return DueDiligence.objects.select_related("school", "created_by").get(
            pk=record_id, trust_id=trust_id_of(user)
        )
    except DueDiligence.DoesNotExist:
        raise Http404("No such record") from None


# --- settings and records ------------------------------------------------------------------------


def growth_settings(*, trust_id: int) -> GrowthSettings:
    """The trust's settings, or the defaults (unsaved) when it has none."""
    found = GrowthSettings.objects.filter(trust_id=trust_id).first()
    return found or GrowthSettings.defaults(trust_id)


def due_diligence_list(*, trust_id: int) -> QuerySet[DueDiligence]:
    return DueDiligence.objects.filter(trust_id=trust_id).select_related("school")


def prospective_records(*, trust_id: int) -> QuerySet[DueDiligence]:
    """The records a what-if may add: schools still in due diligence."""
    return due_diligence_list(trust_id=trust_id).filter(status=DueDiligence.Status.IN_PROGRESS)


def joinable_schools(*, trust_id: int) -> QuerySet[School]:
    """The trust's open schools with no category decision yet and no due-diligence record."""
    return (
        School.objects.filter(trust_id=trust_id, closed_on__isnull=True, due_diligence__isnull=True)
        .exclude(pk__in=CategoryDecision.objects.filter(trust_id=trust_id).values("school_id"))
        .order_by("name")
    )


def open_schools(*, trust_id: int, on: dt.date | None = None) -> list[School]:
    """The trust's schools open now, or on the day `on` (schools.selectors.open_on)."""
    return list(
        School.objects.filter(open_on(on), trust_id=trust_id)
        .select_related("cluster")
        .order_by("name")
    )


def trust_golden_rules(
    *, trust_id: int, schools: list[School], prospective: DueDiligence | None = None
) -> GoldenRules:
    """The golden rule both ways for the trust's open schools (and the prospective school)."""
    rules = Rules.of(growth_settings(trust_id=trust_id))
    inspections = latest_inspections([s.pk for s in schools])
    return golden_rules(
        schools=schools, inspections=inspections, rules=rules, prospective=prospective
    )


# --- Directors of QA's load -------------------------------------------------------------------


@dataclass(frozen=True)
class SchoolDue:
    name: str
    category: str | None
    last_visited_on: dt.date | None
    due_on: dt.date
    visits_due: int  # visits falling due in the window (an overdue one counts once, now)


@dataclass(frozen=True)
class DirectorLoadRow:
    name: str
    clusters: list[str]
    schools: list[SchoolDue]
    executive_head: bool
    limit: int

    @property
    def school_count(self) -> int:
        return len(self.schools)

    @property
    def visits_due(self) -> int:
        return sum(s.visits_due for s in self.schools)

    @property
    def over(self) -> bool:
        return self.school_count > self.limit

    @property
    def limit_words(self) -> str:
        return f"{self.limit} (also an executive head)" if self.executive_head else str(self.limit)


def visits_due_between(*, due_on: dt.date, today: dt.date, weeks: int, end: dt.date) -> int:
    """How many visits fall due from today to `end`: the next one (now, if it is overdue), then
    one every `weeks` after it."""
    first = max(due_on, today)
    if first > end:
        return 0
    return 1 + (end - first).days // (7 * weeks)


def _school_due(trust: Trust, school: School, last: dt.date | None, today: dt.date) -> SchoolDue:
    due_on = next_visit_due(
        trust=trust, last_visited_on=last, today=today, category=school.category
    )
    weeks = cadence_weeks(trust=trust, category=school.category)
    count = visits_due_between(due_on=due_on, today=today, weeks=weeks, end=today + LOAD_WINDOW)
    return SchoolDue(school.name, school.category, last, due_on, count)


def director_loads(*, trust: Trust, today: dt.date) -> list[DirectorLoadRow]:
    """Each Director of QA: the open schools of their clusters and the visits due in the next
    six weeks, against the trust's limit (lower when the director is also an executive head).
    Three queries, whatever the number of directors and schools."""
    roles = list(
        RoleAssignment.objects.filter(
            trust_id=trust.pk,
            ended_at__isnull=True,
            role__in=[Role.QA_DIRECTOR, Role.EXECUTIVE_HEAD],
        ).select_related("person", "cluster")
    )
    directors = {r.person_id: r.person for r in roles if r.role == Role.QA_DIRECTOR}
    executive = {r.person_id for r in roles if r.role == Role.EXECUTIVE_HEAD}
    clusters: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for r in roles:
        if r.role == Role.QA_DIRECTOR and r.cluster is not None:
            clusters[r.person_id].append((r.cluster_id, r.cluster.name))  # type: ignore[arg-type]
    cluster_ids = {pk for pairs in clusters.values() for pk, _ in pairs}
    schools = list(
        School.objects.filter(trust_id=trust.pk, cluster_id__in=cluster_ids, closed_on__isnull=True)
        .annotate(last_visited_on=Max("visits__visited_on", filter=_submitted()))
        .order_by("name")
    )
    by_cluster: dict[int, list[SchoolDue]] = defaultdict(list)
    for school in schools:
        due = _school_due(trust, school, school.last_visited_on, today)
        by_cluster[school.cluster_id].append(due)  # type: ignore[index]
    rows = []
    for person_id, person in directors.items():
        pairs = sorted(clusters.get(person_id, []), key=lambda p: p[1])
        is_exec = person_id in executive
        rows.append(
            DirectorLoadRow(
                name=person.full_name or person.email,
                clusters=[name for _, name in pairs],
                schools=sorted(
                    (s for pk, _ in pairs for s in by_cluster[pk]), key=lambda s: s.name
                ),
                executive_head=is_exec,
                limit=trust.cluster_school_limit_executive_head
                if is_exec
                else trust.cluster_school_limit,
            )
        )
    return sorted(rows, key=lambda r: r.name)


def _submitted() -> Q:
    return Q(visits__status=Visit.Status.SUBMITTED)


# --- the category heat map ----------------------------------------------------------------------


NOT_JOINED = "not_joined"  # a heat-map cell of a half-term before the school joined the trust


@dataclass(frozen=True)
class HeatMapRow:
    name: str
    # One per half-term, oldest first: a letter, None (not categorised) or NOT_JOINED.
    categories: list[str | None]


@dataclass(frozen=True)
class HeatMap:
    half_terms: list[str]
    rows: list[HeatMapRow]


def _half_terms(trust_id: int, today: dt.date) -> list[HalfTerm]:
    started = (
        HalfTerm.objects.filter(academic_year__trust_id=trust_id, starts_on__lte=today)
        .select_related("academic_year")
        .order_by("-starts_on")[:HEAT_MAP_HALF_TERMS]
    )
    return list(reversed(list(started)))


def category_on(decisions: list[CategoryDecision], day: dt.date) -> str | None:
    """The category in force at the end of `day`, from the school's decisions oldest first."""
    current = None
    for decision in decisions:
        if decision.decided_on > day:
            break
        current = decision.category
    return current


def _cell(school: School, decisions: list[CategoryDecision], end: dt.date) -> str | None:
    if school.joined_trust_on is not None and school.joined_trust_on > end:
        return NOT_JOINED
    return category_on(decisions, end)


def heat_map(*, trust_id: int, schools: list[School], today: dt.date) -> HeatMap:
    """Every open school's category at the end of each of the last six half-terms (the current
    one as it stands today). Two queries."""
    half_terms = _half_terms(trust_id, today)
    decisions: dict[int, list[CategoryDecision]] = defaultdict(list)
    rows_qs = CategoryDecision.objects.filter(
        trust_id=trust_id, school_id__in=[s.pk for s in schools]
    ).order_by("decided_on", "pk")
    for decision in rows_qs:
        decisions[decision.school_id].append(decision)
    ends = [min(h.ends_on, today) for h in half_terms]
    rows = [HeatMapRow(s.name, [_cell(s, decisions[s.pk], end) for end in ends]) for s in schools]
    return HeatMap(half_terms=[str(h) for h in half_terms], rows=rows)


def reads_growth_of(user: User) -> bool:
    return reads_growth(access_for(user))
