"""Load the demo trusts. Idempotent: running it again changes nothing that is already there."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from fht.management.commands._demo_isap import load_trust_isap
from fht.management.commands._demo_qa import load_trust_qa
from fht.models import Trust, User
from fht.roles import Role
from fht.tenancy import trust_scope
from people.services import role_assign
from schools.models import AcademicYear, Cluster, RoleAssignment, School
from schools.services import academic_year_create, permissions_sync

DEMO_ACADEMIC_YEARS = (2025, 2026)
DEMO_PASSWORD = "demo-school-improvement"  # noqa: S105 (published in the README, demo only)


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
SKYLARK_PEOPLE: list[tuple[str, str, str, Role, str | None]] = [
    ("ceo", "Helen Ashworth", "Chief Executive Officer", Role.CEO, None),
    ("deputy.ceo", "Marcus Okafor", "Deputy CEO", Role.DEPUTY_CEO, None),
    ("cpd.lead", "Priya Raman", "Director of the Teaching School Alliance", Role.CPD_LEAD, None),
    ("admin", "Gemma Hollis", "Trust administrator", Role.TRUST_ADMIN, None),
    ("trustee.chair", "Robert Lindqvist", "Chair of trustees", Role.TRUSTEE, None),
    ("trustee", "Amina Qureshi", "Trustee", Role.TRUSTEE, None),
    (
        "director.mansfield",
        "Claire Whitfield",
        "Director of Quality Assurance",
        Role.QA_DIRECTOR,
        "Mansfield and Ashfield",
    ),
    (
        "director.nottingham",
        "Daniel Mensah",
        "Director of Quality Assurance",
        Role.QA_DIRECTOR,
        "Nottingham City and Broxtowe",
    ),
    (
        "director.derbyshire",
        "Sarah Kettering",
        "Director of Quality Assurance",
        Role.QA_DIRECTOR,
        "Derbyshire",
    ),
    (
        "lead.practitioner",
        "Tom Barraclough",
        "Lead practitioner for English",
        Role.LEAD_PRACTITIONER,
        "144689",
    ),
    (
        "lead.practitioner",
        "Tom Barraclough",
        "Lead practitioner for English",
        Role.LEAD_PRACTITIONER,
        "145530",
    ),
    (
        "lead.maths",
        "Nadia Petrova",
        "Lead practitioner for maths",
        Role.LEAD_PRACTITIONER,
        "148431",
    ),
    (
        "sle",
        "Owen Pritchard",
        "Specialist leader of education (EYFS)",
        Role.SYSTEM_LEADER,
        "142167",
    ),
    ("exec.head", "Janet Fairbrother", "Executive head teacher", Role.EXECUTIVE_HEAD, "142133"),
    ("exec.head", "Janet Fairbrother", "Executive head teacher", Role.EXECUTIVE_HEAD, "142167"),
]

HEAD_NAMES = [
    "Ruth Calloway",
    "Imran Siddiqui",
    "Lucy Brennan",
    "Andrew Holt",
    "Fiona MacLeod",
    "Kwame Asante",
    "Beth Norris",
    "Grace Oduya",
    "Simon Trent",
    "Hannah Lowe",
    "Peter Varga",
    "Joanne Pike",
    "Ellis Ward",
    "Catherine Doyle",
]
GOVERNOR_NAMES = [
    "Alan Rushworth",
    "Mary Ellison",
    "Yusuf Khan",
    "Sophie Turnbull",
    "Derek Mallory",
    "Leah Goldberg",
    "Neil Henshaw",
    "Olivia Barnes",
    "Rajesh Patel",
    "Wendy Hague",
    "Colin Ferris",
    "Zara Ahmed",
    "Graham Yates",
    "Ivy Chambers",
    "Martin Pell",
    "Nicola Frost",
    "Patrick Kerr",
    "Rebecca Stone",
    "Shaun Doherty",
    "Tessa Wilde",
    "Umar Farooq",
    "Vera Lyons",
    "William Ashby",
    "Yvonne Clarke",
    "Aaron Blake",
    "Bridget Kemp",
    "Craig Dunmore",
    "Diana Royce",
    "Edward Lacey",
    "Farah Malik",
    "George Tilly",
    "Harriet Vane",
]


class Command(BaseCommand):
    help = "Load the demo trusts (idempotent). Prints the demo sign-ins."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--quiet-sign-ins", action="store_true", help="Do not print the sign-ins."
        )
        parser.add_argument(
            "--allow-production", action="store_true", help="Load even into a production database."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.FHT_ENVIRONMENT == "production" and not options["allow_production"]:
            raise CommandError(
                "This is a production database: demo people with a published password would be created. "
                "Pass --allow-production only for a demonstration server."
            )
        # One hash for every demo person: hashing sixty times would take half a minute.
        self._password_hash = make_password(DEMO_PASSWORD)
        skylark = self._skylark()
        harbour = self._harbour()
        if not options["quiet_sign_ins"]:
            self._print_sign_ins(skylark, harbour)

    # --- building blocks -------------------------------------------------------------------------

    def _trust(self, name: str, slug: str, group_id: str) -> Trust:
        trust, _ = Trust.objects.get_or_create(
            slug=slug, defaults={"name": name, "dfe_group_id": group_id}
        )
        return trust

    def _school(self, trust: Trust, cluster: Cluster | None, s: DemoSchool) -> School:
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

    def _person(self, trust: Trust, email: str, name: str, title: str) -> User:
        person = User.objects.filter(email__iexact=email).first()
        if person is None:
            person = User.objects.create_user(
                email, None, full_name=name, job_title=title, trust=trust
            )
            person.password = self._password_hash
            person.save(update_fields=["password"])
        return person

    def _role(
        self,
        person: User,
        role: Role,
        *,
        school: School | None = None,
        cluster: Cluster | None = None,
        starts_on: dt.date | None = None,
        ends_on: dt.date | None = None,
    ) -> None:
        exists = RoleAssignment.objects.filter(
            person=person, role=role, school=school, cluster=cluster
        ).exists()
        if not exists:
            role_assign(
                person=person,
                role=role,
                school=school,
                cluster=cluster,
                acting_user=None,
                starts_on=starts_on or dt.date(2024, 9, 1),
                ends_on=ends_on,
            )

    def _academic_years(self, trust: Trust) -> None:
        for starts_in in DEMO_ACADEMIC_YEARS:
            if not AcademicYear.objects.filter(trust=trust, starts_in=starts_in).exists():
                academic_year_create(trust=trust, starts_in=starts_in, acting_user=None)

    # --- the trusts ------------------------------------------------------------------------------

    def _skylark(self) -> Trust:
        trust = self._trust("Skylark Primary Partnership", "skylark", "17843")
        with trust_scope(trust.pk), transaction.atomic():
            clusters: dict[str, Cluster] = {}
            schools: dict[str, School] = {}
            for cluster_name, (area, demo_schools) in SKYLARK_CLUSTERS.items():
                cluster, _ = Cluster.objects.get_or_create(
                    trust=trust, name=cluster_name, defaults={"area": area}
                )
                clusters[cluster_name] = cluster
                for s in demo_schools:
                    schools[s.urn] = self._school(trust, cluster, s)
        with trust_scope(trust.pk):
            for local, name, title, role, where in SKYLARK_PEOPLE:
                person = self._person(trust, f"{local}@skylark.example", name, title)
                self._role(
                    person, role, cluster=clusters.get(where or ""), school=schools.get(where or "")
                )
            self._heads_and_governors(trust, schools)
            permissions_sync(trust=trust)
            self._academic_years(trust)
            load_trust_qa(trust)
            load_trust_isap(trust)
        return trust

    def _heads_and_governors(self, trust: Trust, schools: dict[str, School]) -> None:
        led_by_exec_head = {"142133", "142167"}
        heads = iter(HEAD_NAMES)
        governors = iter(GOVERNOR_NAMES)
        for urn, school in sorted(schools.items()):
            slug = _slug(school.name)
            if urn not in led_by_exec_head:
                head = self._person(
                    trust, f"head.{slug}@skylark.example", next(heads), "Head teacher"
                )
                self._role(head, Role.HEAD_TEACHER, school=school)
            chair = self._person(
                trust, f"chair.{slug}@skylark.example", next(governors), "Chair of governors"
            )
            self._role(chair, Role.CHAIR_OF_GOVERNORS, school=school)
            governor = self._person(
                trust, f"governor.{slug}@skylark.example", next(governors), "Governor"
            )
            # One governor's term ends soon, so the scheduled expiry has something to do.
            ends_on = dt.date(2027, 8, 31) if urn == "140412" else None
            self._role(governor, Role.GOVERNOR, school=school, ends_on=ends_on)

    def _harbour(self) -> Trust:
        trust = self._trust("Harbour Academies Trust", "harbour", "16102")
        with trust_scope(trust.pk):
            with transaction.atomic():
                cluster, _ = Cluster.objects.get_or_create(
                    trust=trust, name="Harbour", defaults={"area": "Cornwall"}
                )
                schools = [self._school(trust, cluster, s) for s in HARBOUR_SCHOOLS]
            people = [
                ("ceo", "Tamsin Penrose", "Chief Executive Officer", Role.CEO, None),
                ("admin", "Jory Treloar", "Trust administrator", Role.TRUST_ADMIN, None),
                (
                    "director",
                    "Morwenna Hicks",
                    "Director of Quality Assurance",
                    Role.QA_DIRECTOR,
                    cluster,
                ),
                (
                    "head.harbourside",
                    "Kerensa Nance",
                    "Head teacher",
                    Role.HEAD_TEACHER,
                    schools[0],
                ),
                ("governor.harbourside", "Piran Eddy", "Governor", Role.GOVERNOR, schools[0]),
            ]
            for local, name, title, role, where in people:
                person = self._person(trust, f"{local}@harbour.example", name, title)
                self._role(
                    person,
                    role,
                    cluster=where if isinstance(where, Cluster) else None,
                    school=where if isinstance(where, School) else None,
                )
            permissions_sync(trust=trust)
            self._academic_years(trust)
            load_trust_qa(trust)
            load_trust_isap(trust)
        return trust

    def _print_sign_ins(self, *trusts: Trust) -> None:
        out = self.stdout
        out.write(self.style.SUCCESS("Demo data loaded."))
        out.write(f"Every demo person signs in with the password: {DEMO_PASSWORD}")
        samples = [
            ("CEO", "ceo@skylark.example"),
            ("Deputy CEO", "deputy.ceo@skylark.example"),
            ("Director of QA", "director.mansfield@skylark.example"),
            ("CPD lead", "cpd.lead@skylark.example"),
            ("Lead practitioner", "lead.practitioner@skylark.example"),
            ("System leader", "sle@skylark.example"),
            ("Head teacher", "head.ravensdale-primary-academy@skylark.example"),
            ("Executive head", "exec.head@skylark.example"),
            ("Chair of governors", "chair.ravensdale-primary-academy@skylark.example"),
            ("Governor", "governor.ravensdale-primary-academy@skylark.example"),
            ("Trustee", "trustee@skylark.example"),
            ("Trust administrator", "admin@skylark.example"),
            ("Other trust's CEO", "ceo@harbour.example"),
        ]
        for label, email in samples:
            out.write(f"  {label:<22} {email}")
        out.write(
            "  (every school has head.<school>@, chair.<school>@ and governor.<school>@ sign-ins)"
        )


def _slug(name: str) -> str:
    return "-".join(name.lower().replace("'", "").split())
