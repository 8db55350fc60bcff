"""The trust dashboard: everything the CEO, the board and the Directors of QA read at a glance, as one
value (`trust_dashboard`) that the page, its CSV downloads and the trust-board pack all use.

Fixed number of queries whatever the number of schools, clusters, visits or actions: each section
reads its rows in bulk (see the functions it calls).
"""

import datetime as dt
from dataclasses import dataclass, field

from dashboards.access import reads_cluster_dashboard
from dashboards.selectors import parts
from dashboards.selectors.charts import categories_chart, measures_chart
from dashboards.selectors.measures import Figure, KeyMeasures, key_measures
from fht.access import access_for
from fht.charts import data_uri
from fht.models import Trust, User
from risk import access as risk_rules
from risk.charts import heat_map_svg, heat_rows
from risk.selectors.concern import open_levels
from risk.selectors.growth import GoldenRules
from risk.selectors.growth_reads import HeatMap, heat_map, open_schools, trust_golden_rules
from schools.inspections import latest_inspections
from schools.models import Cluster, School
from schools.years import academic_year_for


@dataclass(frozen=True)
class ConcernRow:
    name: str
    cluster: str
    level: int


@dataclass
class ClusterRow:
    """One cluster's summary on the trust dashboard."""

    cluster: Cluster | None  # None: the schools in no cluster
    name: str
    schools: int
    categories: dict[str, int]  # letter (or "") -> schools
    figures: dict[str, Figure]
    overdue_visits: int = 0
    actions: parts.ActionCounts = field(default_factory=parts.ActionCounts)
    days: parts.Days = field(default_factory=parts.Days)
    readable: bool = False  # the reader may open its dashboard


@dataclass
class TrustDashboard:
    trust: Trust
    as_of: dt.date
    schools: list[School]
    categories: list[tuple[str, int]]
    categories_svg: str | None
    heat: HeatMap
    heat_rows: list[list[object]]
    heat_svg: str | None
    golden: GoldenRules
    ofsted: parts.OfstedProfile
    measures: KeyMeasures
    measures_svg: str | None
    concern: list[ConcernRow]
    shows_concern: bool
    overdue: list[parts.OverdueVisit]
    actions: dict[int, parts.ActionCounts]
    actions_total: parts.ActionCounts
    year_label: str
    days: dict[int, parts.Days]
    days_total: parts.Days
    clusters: list[ClusterRow]

    @property
    def school_rows(self) -> list[tuple[School, parts.ActionCounts, parts.Days]]:
        return [(s, self.actions[s.pk], self.days[s.pk]) for s in self.schools]

    @property
    def schools_with_actions(self) -> list[tuple[School, parts.ActionCounts]]:
        """The schools with an open action that is red or overdue, most first."""
        rows = [(s, self.actions[s.pk]) for s in self.schools if self.actions[s.pk].red_or_overdue]
        return sorted(rows, key=lambda r: (-r[1].red_or_overdue, r[0].name))


def _clusters(
    board: TrustDashboard, by_cluster: dict[int | None, Cluster | None], user: User
) -> list[ClusterRow]:
    access = access_for(user)
    overdue_ids = {r.school_id for r in board.overdue}
    rows = []
    for cluster_id, cluster in by_cluster.items():
        members = [s for s in board.schools if s.cluster_id == cluster_id]
        row = ClusterRow(
            cluster=cluster,
            name=cluster.name if cluster else "Schools in no cluster",
            schools=len(members),
            categories={
                c: sum(1 for s in members if (s.category or "") == c)
                for c in ("A", "B", "C", "D", "")
            },
            figures={},
            overdue_visits=sum(1 for s in members if s.pk in overdue_ids),
            readable=cluster is not None and reads_cluster_dashboard(access, cluster.pk),
        )
        row.figures = {f.key: f for f in board.measures.over(members)}
        for school in members:
            row.actions.add(board.actions[school.pk])
            row.days.allowance += board.days[school.pk].allowance
            row.days.used += board.days[school.pk].used
        rows.append(row)
    named = sorted((r for r in rows if r.cluster), key=lambda r: r.name)
    return named + [r for r in rows if r.cluster is None]


def cluster_name(school: School) -> str:
    return school.cluster.name if school.cluster is not None else "No cluster"


def trust_dashboard(
    *, trust: Trust, user: User, as_of: dt.date, with_concern: bool = True
) -> TrustDashboard:
    """The trust's dashboard on `as_of` for this reader (the caller has checked they may read it:
    dashboards.access.reads_trust_dashboard). Charts are data: URIs of script-free SVG, so the
    same value renders on screen and in a PDF. The schools in the concern procedure appear only
    for those who read the risk meetings' summary (risk.access), and never `with_concern` False
    (an audience such as the chairs' briefing, where each chair hears only of their own school)."""
    schools = parts.as_they_stood(open_schools(trust_id=trust.pk, on=as_of), as_of)
    ids = [s.pk for s in schools]
    heat = heat_map(trust_id=trust.pk, schools=schools, today=as_of)
    categories = parts.category_counts(schools)
    measures = key_measures(trust_id=trust.pk, schools=schools, as_of=as_of)
    inspections = latest_inspections(ids)
    names = {s.pk: s for s in schools}
    shows_concern = with_concern and risk_rules.reads_summary(access_for(user))
    levels = open_levels(ids) if shows_concern else {}
    concern = sorted(
        (
            ConcernRow(names[pk].name, cluster_name(names[pk]), level)
            for pk, level in levels.items()
        ),
        key=lambda r: (-r.level, r.name),
    )
    year = academic_year_for(trust_id=trust.pk, on=as_of)
    actions = parts.action_counts(ids, as_of)
    days = parts.core_offer_days(trust=trust, school_ids=ids, year=year)
    actions_total, days_total = parts.ActionCounts(), parts.Days()
    for pk in ids:
        actions_total.add(actions[pk])
        days_total.allowance += days[pk].allowance
        days_total.used += days[pk].used
    categories_svg = categories_chart(title="Schools by category now", counts=categories)
    measures_svg = measures_chart(
        title="Key measures against national and the trust's targets",
        figures=measures.figures,
        series=trust.name,
    )
    board = TrustDashboard(
        trust=trust,
        as_of=as_of,
        schools=schools,
        categories=categories,
        categories_svg=data_uri(categories_svg) if categories_svg else None,
        heat=heat,
        heat_rows=heat_rows(heat),
        heat_svg=data_uri(heat_map_svg(heat)) if heat.rows and heat.half_terms else None,
        golden=trust_golden_rules(trust_id=trust.pk, schools=schools),
        ofsted=parts.ofsted_profile(schools, inspections),
        measures=measures,
        measures_svg=data_uri(measures_svg) if measures_svg else None,
        concern=concern,
        shows_concern=shows_concern,
        overdue=parts.overdue_visits(trust=trust, schools=schools, as_of=as_of),
        actions=actions,
        actions_total=actions_total,
        year_label=str(year) if year else "no academic year",
        days=days,
        days_total=days_total,
        clusters=[],
    )
    by_cluster: dict[int | None, Cluster | None] = {
        c.pk: c for c in Cluster.objects.filter(trust_id=trust.pk).order_by("name")
    }
    if any(s.cluster_id is None for s in schools):
        by_cluster[None] = None
    board.clusters = _clusters(board, by_cluster, user)
    return board
