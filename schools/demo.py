"""The demo's schools: the clusters and schools of each demo trust, and its academic years.

Called by the demo app's `load_demo` (see demo/), once per demo trust, inside the trust's scope.
Idempotent: what is already there is left alone.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from fht.models import Trust
from schools.models import AcademicYear, Cluster, School
from schools.services import academic_year_create

DEMO_ACADEMIC_YEARS = (2025, 2026)


@dataclass(frozen=True)
class DemoSchool:
    urn: str
    name: str
    la: str
    number: str
    pupils: int
    ofsted: int | None
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
                4,
                "2024-10-02",
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


def load(trust: Trust) -> None:
    with transaction.atomic():
        for cluster_name, (area, demo_schools) in CLUSTERS.get(trust.slug, {}).items():
            cluster, _ = Cluster.objects.get_or_create(
                trust=trust, name=cluster_name, defaults={"area": area}
            )
            for s in demo_schools:
                _school(trust, cluster, s)
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
            "ofsted_grade": s.ofsted,
            "ofsted_inspected_on": dt.date.fromisoformat(s.inspected) if s.inspected else None,
            "joined_trust_on": dt.date.fromisoformat(s.joined),
            "route": s.route,
            "governing_body": f"{s.name} Local Governing Body",
        },
    )
    return school
