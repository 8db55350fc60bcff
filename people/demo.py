"""The demo's people: each demo trust's central team, heads, governors and their roles.

Called by the demo app's `load_demo` (see demo/), after the schools, inside the trust's scope.
Every demo person has the password DEMO_PASSWORD. Idempotent.
"""

import datetime as dt
from functools import cache

from django.contrib.auth.hashers import make_password

from fht.models import Trust, User
from fht.roles import Role
from people.models import RoleAssignment
from people.services import permissions_sync, role_assign
from schools.models import Cluster, School

DEMO_PASSWORD = "demo-school-improvement"  # noqa: S105 (published in the README, demo only)

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


HARBOUR_PEOPLE: list[tuple[str, str, str, Role, str | None]] = [
    ("ceo", "Tamsin Penrose", "Chief Executive Officer", Role.CEO, None),
    ("admin", "Jory Treloar", "Trust administrator", Role.TRUST_ADMIN, None),
    ("director", "Morwenna Hicks", "Director of Quality Assurance", Role.QA_DIRECTOR, "Harbour"),
    ("head.harbourside", "Kerensa Nance", "Head teacher", Role.HEAD_TEACHER, "138877"),
    ("governor.harbourside", "Piran Eddy", "Governor", Role.GOVERNOR, "138877"),
]

# The sign-ins `load_demo` prints.
SIGN_INS = [
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
SIGN_INS_NOTE = "(every school has head.<school>@, chair.<school>@ and governor.<school>@ sign-ins)"


def load(trust: Trust) -> None:
    if trust.slug == "skylark":
        _people(trust, SKYLARK_PEOPLE)
        _heads_and_governors(trust)
    elif trust.slug == "harbour":
        _people(trust, HARBOUR_PEOPLE)
    else:
        return
    permissions_sync(trust=trust)


@cache
def _password_hash() -> str:
    # One hash for every demo person: hashing sixty times would take half a minute.
    return make_password(DEMO_PASSWORD)


def _people(trust: Trust, people: list[tuple[str, str, str, Role, str | None]]) -> None:
    clusters = {c.name: c for c in Cluster.objects.filter(trust=trust)}
    schools = {s.urn: s for s in School.objects.filter(trust=trust)}
    for local, name, title, role, where in people:
        person = _person(trust, f"{local}@{trust.slug}.example", name, title)
        _role(person, role, cluster=clusters.get(where or ""), school=schools.get(where or ""))


def _person(trust: Trust, email: str, name: str, title: str) -> User:
    person = User.objects.filter(email__iexact=email).first()
    if person is None:
        person = User.objects.create_user(email, None, full_name=name, job_title=title, trust=trust)
        person.password = _password_hash()
        person.save(update_fields=["password"])
    return person


def _role(
    person: User,
    role: Role,
    *,
    school: School | None = None,
    cluster: Cluster | None = None,
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
            starts_on=dt.date(2024, 9, 1),
            ends_on=ends_on,
        )


def _heads_and_governors(trust: Trust) -> None:
    led_by_exec_head = {"142133", "142167"}
    heads = iter(HEAD_NAMES)
    governors = iter(GOVERNOR_NAMES)
    for school in School.objects.filter(trust=trust).order_by("urn"):
        slug = _slug(school.name)
        if school.urn not in led_by_exec_head:
            head = _person(trust, f"head.{slug}@skylark.example", next(heads), "Head teacher")
            _role(head, Role.HEAD_TEACHER, school=school)
        chair = _person(
            trust, f"chair.{slug}@skylark.example", next(governors), "Chair of governors"
        )
        _role(chair, Role.CHAIR_OF_GOVERNORS, school=school)
        governor = _person(trust, f"governor.{slug}@skylark.example", next(governors), "Governor")
        # One governor's term ends soon, so the scheduled expiry has something to do.
        ends_on = dt.date(2027, 8, 31) if school.urn == "140412" else None
        _role(governor, Role.GOVERNOR, school=school, ends_on=ends_on)


def _slug(name: str) -> str:
    return "-".join(name.lower().replace("'", "").split())
