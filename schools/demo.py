"""The demo's schools: the clusters and schools of each demo trust, and its academic years.

Called by the demo app's `load_demo` (see demo/), once per demo trust, inside the trust's scope.
Idempotent: what is already there is left alone.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from fht.models import Trust
from schools.models import AcademicYear, Cluster, Inspection, School
from schools.ofsted import framework_on
from schools.services import academic_year_create

DEMO_ACADEMIC_YEARS = (2025, 2026)


@dataclass(frozen=True)
class DemoInspection:
    """One inspection after the school's last 2019-framework grade: its date, type and judgements
    (field: value), on the scale of the framework in force on that date."""

    on: str
    kind: str
    judgements: dict[str, int | bool] | None = None
    concern: str = ""


@dataclass(frozen=True)
class DemoSchool:
    urn: str
    name: str
    la: str
    number: str
    pupils: int
    ofsted: int | None  # the overall grade of its last 2019-framework graded inspection
    inspected: str | None
    joined: str
    route: str


SKYLARK_CLUSTERS: dict[str, tuple[str, list[DemoSchool]]] = {
    "Mansfield and Ashfield": (
        "Nottinghamshire",
        [
            DemoSchool(
                "140412",
                "Ravensdale Primary Academy",
                "Nottinghamshire",
                "891/2214",
                412,
                2,
                "2023-03-15",
                "2013-11-20",
                "converter",
            ),
            DemoSchool(
                "142133",
                "Oakwood Lane Primary Academy",
                "Nottinghamshire",
                "891/2229",
                238,
                2,
                "2022-06-08",
                "2015-05-07",
                "converter",
            ),
            DemoSchool(
                "142167",
                "Kingsmill Flying Start Academy",
                "Nottinghamshire",
                "891/2231",
                196,
                3,
                "2024-01-24",
                "2015-06-01",
                "sponsored",
            ),
            DemoSchool(
                "144702",
                "Sutton Brook Nursery and Primary",
                "Nottinghamshire",
                "891/2250",
                455,
                2,
                "2021-11-10",
                "2017-09-01",
                "sponsored",
            ),
            DemoSchool(
                "146815",
                "Forest Town Infant Academy",
                "Nottinghamshire",
                "891/2263",
                171,
                1,
                "2019-05-22",
                "2019-01-01",
                "converter",
            ),
        ],
    ),
    "Nottingham City and Broxtowe": (
        "Nottinghamshire",
        [
            DemoSchool(
                "142094",
                "Beeston Meadows Primary Academy",
                "Nottinghamshire",
                "891/2225",
                630,
                1,
                "2018-05-16",
                "2015-05-07",
                "converter",
            ),
            DemoSchool(
                "144689",
                "Arnold Vale Primary School",
                "Nottingham",
                "892/2301",
                402,
                3,
                "2022-03-09",
                "2017-09-01",
                "sponsored",
            ),
            DemoSchool(
                "145530",
                "Bulwell Wharf Primary Academy",
                "Nottingham",
                "892/2309",
                318,
                3,
                "2023-09-13",
                "2018-04-01",
                "sponsored",
            ),
            DemoSchool(
                "147206",
                "Chilwell Green Academy",
                "Nottinghamshire",
                "891/2271",
                287,
                2,
                "2022-02-02",
                "2019-09-01",
                "converter",
            ),
            DemoSchool(
                "148901",
                "Sherwood Rise Primary Academy",
                "Nottingham",
                "892/2317",
                205,
                2,
                "2023-05-17",
                "2021-09-01",
                "converter",
            ),
        ],
    ),
    "Derbyshire": (
        "Derbyshire",
        [
            DemoSchool(
                "148431",
                "Walton Heights Primary Academy",
                "Derbyshire",
                "830/2402",
                334,
                3,
                "2023-11-29",
                "2021-01-01",
                "transfer",
            ),
            DemoSchool(
                "149112",
                "Brimington Fields Primary School",
                "Derbyshire",
                "830/2411",
                210,
                2,
                "2022-07-06",
                "2021-09-01",
                "converter",
            ),
            DemoSchool(
                "149587",
                "Staveley Canal Academy",
                "Derbyshire",
                "830/2419",
                248,
                2,
                "2024-04-17",
                "2022-04-01",
                "converter",
            ),
            DemoSchool(
                "150044",
                "Hasland Moor Primary Academy",
                "Derbyshire",
                "830/2426",
                389,
                2,
                "2023-01-18",
                "2022-09-01",
                "converter",
            ),
            DemoSchool(
                "150873",
                "Clay Cross Meadow Primary",
                "Derbyshire",
                "830/2433",
                156,
                3,
                "2024-06-12",
                "2023-09-01",
                "sponsored",
            ),
            DemoSchool(
                "151206",
                "Whittington Moor Academy",
                "Derbyshire",
                "830/2440",
                297,
                None,
                None,
                "2025-09-01",
                "sponsored",
            ),
        ],
    ),
}

HARBOUR_SCHOOLS = [
    DemoSchool(
        "138877",
        "Harbourside Primary Academy",
        "Cornwall",
        "908/2105",
        301,
        2,
        "2022-05-11",
        "2012-09-01",
        "converter",
    ),
    DemoSchool(
        "139402",
        "Quayside Infant Academy",
        "Cornwall",
        "908/2111",
        122,
        2,
        "2023-02-08",
        "2013-04-01",
        "converter",
    ),
    DemoSchool(
        "141566",
        "Lighthouse Junior Academy",
        "Cornwall",
        "908/2120",
        244,
        3,
        "2024-03-06",
        "2014-09-01",
        "sponsored",
    ),
]

# (email local part, full name, job title, role, where): where is a cluster name, a URN, or None.

# Per demo trust (by slug): its clusters (name, area) and their schools.
CLUSTERS: dict[str, dict[str, tuple[str, list[DemoSchool]]]] = {
    "skylark": SKYLARK_CLUSTERS,
    "harbour": {"Harbour": ("Cornwall", HARBOUR_SCHOOLS)},
}


def _areas(
    inclusion: int,
    curriculum: int,
    achievement: int,
    attendance: int,
    personal: int,
    leadership: int,
    *,
    early_years: int | None = None,
    safeguarding: bool = True,
) -> dict[str, int | bool]:
    """A report card's judgements, in the order Ofsted lists them."""
    areas: dict[str, int | bool] = {
        "area_inclusion": inclusion,
        "area_curriculum_and_teaching": curriculum,
        "area_achievement": achievement,
        "area_attendance_and_behaviour": attendance,
        "area_personal_development": personal,
        "area_leadership_and_governance": leadership,
        "safeguarding_met": safeguarding,
    }
    if early_years is not None:
        areas["area_early_years"] = early_years
    return areas


def _grades(
    quality: int, behaviour: int, personal: int, leadership: int, early_years: int
) -> dict[str, int | bool]:
    """A 2024-framework graded inspection's sub-judgements (no overall grade)."""
    return {
        "quality_of_education": quality,
        "behaviour_and_attitudes": behaviour,
        "personal_development": personal,
        "leadership_and_management": leadership,
        "early_years": early_years,
    }


# The inspections after each school's last 2019-framework grade, by URN: some schools had an
# ungraded or graded inspection under the 2024 framework, some a report card since November 2025,
# and Arnold Vale was placed in special measures.
LATER_INSPECTIONS: dict[str, list[DemoInspection]] = {
    "140412": [DemoInspection("2026-02-04", "report_card", _areas(3, 2, 3, 3, 2, 3))],
    "142167": [DemoInspection("2026-03-11", "report_card", _areas(3, 3, 4, 3, 3, 3))],
    "144702": [DemoInspection("2025-01-22", "ungraded")],
    "146815": [DemoInspection("2025-05-14", "graded", _grades(1, 1, 1, 1, 1))],
    "144689": [
        DemoInspection("2024-10-02", "graded", _grades(4, 3, 3, 4, 3), "special_measures"),
        DemoInspection("2025-03-19", "monitoring", None, "special_measures"),
        DemoInspection("2026-01-21", "monitoring", None, "special_measures"),
    ],
    "145530": [
        DemoInspection("2026-05-06", "report_card", _areas(4, 3, 4, 3, 3, 3, early_years=3))
    ],
    "148431": [DemoInspection("2025-06-18", "graded", _grades(2, 2, 2, 2, 2))],
    "151206": [
        DemoInspection(
            "2026-01-28",
            "report_card",
            _areas(4, 4, 5, 3, 3, 5, early_years=4),
            "significant_improvement",
        )
    ],
    "141566": [DemoInspection("2025-09-24", "ungraded")],
    "139402": [DemoInspection("2026-06-10", "report_card", _areas(2, 2, 3, 2, 3, 2))],
}


def _inspections(trust: Trust, school: School, s: DemoSchool) -> None:
    """The school's inspection history, once: a school that has any is left alone."""
    if Inspection.objects.filter(school=school).exists():
        return
    history = list(LATER_INSPECTIONS.get(s.urn, []))
    if s.ofsted and s.inspected:
        history.insert(0, DemoInspection(s.inspected, "graded", {"overall": s.ofsted}))
    for later in history:
        day = dt.date.fromisoformat(later.on)
        inspection = Inspection(
            trust=trust,
            school=school,
            inspected_on=day,
            inspection_type=later.kind,
            framework=framework_on(day),
            concern=later.concern,
            **(later.judgements or {}),
        )
        inspection.full_clean()
        inspection.save()


def load(trust: Trust) -> None:
    with transaction.atomic():
        for cluster_name, (area, demo_schools) in CLUSTERS.get(trust.slug, {}).items():
            cluster, _ = Cluster.objects.get_or_create(
                trust=trust, name=cluster_name, defaults={"area": area}
            )
            for s in demo_schools:
                _inspections(trust, _school(trust, cluster, s), s)
    for starts_in in DEMO_ACADEMIC_YEARS:
        if not AcademicYear.objects.filter(trust=trust, starts_in=starts_in).exists():
            academic_year_create(trust=trust, starts_in=starts_in, acting_user=None)


def _school(trust: Trust, cluster: Cluster | None, s: DemoSchool) -> School:
    school, _ = School.objects.get_or_create(
        urn=s.urn,
        defaults={
            "trust": trust,
            "cluster": cluster,
            "name": s.name,
            "establishment_number": s.number,
            "local_authority": s.la,
            "pupils_on_roll": s.pupils,
            "joined_trust_on": dt.date.fromisoformat(s.joined),
            "route": s.route,
            "governing_body": f"{s.name} Local Governing Body",
        },
    )
    return school
