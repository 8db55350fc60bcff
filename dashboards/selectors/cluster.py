"""A cluster's dashboard: its schools side by side for the hub meeting (the key measures, the latest
QA visit's unrestricted judgements, each plan's actions by RAG, categories and Ofsted), and the
cluster's figures together against national and the trust's targets. Fixed number of queries
whatever the number of schools."""

import datetime as dt
from dataclasses import dataclass

from dashboards.selectors import parts
from dashboards.selectors.charts import measures_chart
from dashboards.selectors.measures import Figure, KeyMeasures, SchoolFigure, key_measures
from fht.charts import data_uri
from fht.models import User
from qa_visits.selectors import COMPARED_SECTIONS, ClusterColumn, cluster_comparison
from schools.inspections import LatestInspection, latest_inspections
from schools.models import Cluster, School
from schools.selectors import open_on


@dataclass(frozen=True)
class SchoolColumn:
    school: School
    figures: dict[str, SchoolFigure]
    visit: ClusterColumn | None
    actions: parts.ActionCounts
    inspection: LatestInspection | None


@dataclass(frozen=True)
class ClusterDashboard:
    cluster: Cluster
    as_of: dt.date
    schools: list[SchoolColumn]
    measures: KeyMeasures
    measures_svg: str | None
    sections: list[tuple[str, str]]  # (section key, label) of the judgements compared
    overdue: list[parts.OverdueVisit]
    categories: list[tuple[str, int]]

    @property
    def figures(self) -> list[Figure]:
        return self.measures.figures


def cluster_dashboard(*, cluster: Cluster, user: User, as_of: dt.date) -> ClusterDashboard:
    """The cluster's dashboard on `as_of` for this reader (the caller has checked they may read
    it: dashboards.access.reads_cluster_dashboard). Only the unrestricted judgements of visits
    appear, whoever reads."""
    schools = parts.as_they_stood(
        list(
            School.objects.filter(open_on(as_of), cluster=cluster, trust_id=cluster.trust_id)
            .select_related("cluster")
            .order_by("name")
        ),
        as_of,
    )
    ids = [s.pk for s in schools]
    measures = key_measures(trust_id=cluster.trust_id, schools=schools, as_of=as_of)
    visits = {c.school.pk: c for c in cluster_comparison(user=user, cluster=cluster, on=as_of)}
    actions = parts.action_counts(ids, as_of)
    inspections = latest_inspections(ids)
    chart = measures_chart(
        title=f"{cluster.name}: key measures against national and the trust's targets",
        figures=measures.figures,
        series=cluster.name,
    )
    return ClusterDashboard(
        cluster=cluster,
        as_of=as_of,
        schools=[
            SchoolColumn(
                school=s,
                figures=measures.by_school[s.pk],
                visit=visits.get(s.pk),
                actions=actions[s.pk],
                inspection=inspections.get(s.pk),
            )
            for s in schools
        ],
        measures=measures,
        measures_svg=data_uri(chart) if chart else None,
        sections=[(s.key.value, s.title) for s in COMPARED_SECTIONS],
        overdue=parts.overdue_visits(trust=cluster.trust, schools=schools, as_of=as_of),
        categories=parts.category_counts(schools),
    )
