"""The shared world every test can use: two trusts, and one person per role in the first.

Trust A: cluster c1 (schools s1, s2) and cluster c2 (school s3). Trust B: cluster b1 (school sb).
School-attached roles are attached to s1; the Director of QA to c1; trust-wide roles to trust A.
Each trust has its 2026/27 year and a finished job.

The base world is small. Each app's folder adds its own parts to `world` in its conftest.py:
tests/returns/ the data returns, tests/qa_visits/ the visits (on the returns), tests/isap/ the
action plans (on both). tests/platform/world.py builds all of it, for the permission matrix and
the other checks across apps.
"""

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django_scopes import scopes_disabled

from fht.models import Job, Trust, User
from fht.roles import Attached, Role, rule_for
from isap.models import Plan
from people.services import role_assign
from qa_visits.models import Visit
from returns.models import DataReturn
from reviews.models import Review
from schools.models import AcademicYear, Cluster, School
from schools.services import academic_year_create
from tests.factories import ClusterFactory, SchoolFactory, TrustFactory, UserFactory


@dataclass
class World:
    trust: Trust
    other_trust: Trust
    c1: Cluster
    c2: Cluster
    b1: Cluster
    s1: School
    s2: School
    s3: School
    sb: School
    people: dict[str, User] = field(default_factory=dict)
    stranger: User | None = None  # a member of trust A with no role
    colleague: User | None = None  # a governor of s2, in cluster c1
    south_head: User | None = None  # the head of s3, in cluster c2
    other_ceo: User | None = None
    other_head: User | None = None
    superuser: User | None = None
    year: AcademicYear | None = None  # 2026/27 of trust A, on the default dates
    other_year: AcademicYear | None = None  # 2026/27 of trust B
    job: Job | None = None  # a finished job of trust A
    # Returns (tests/returns/world.py): a return at s1, s3 and sb.
    data_return: DataReturn | None = None
    out_return: DataReturn | None = None
    other_return: DataReturn | None = None
    # QA (tests/qa_visits/world.py): a submitted visit at s1, s3 and sb; a draft at s1.
    visit: Visit | None = None
    draft_visit: Visit | None = None
    out_visit: Visit | None = None
    other_visit: Visit | None = None
    other_job: Job | None = None  # a finished job of trust B
    # ISAP (tests/isap/world.py): a plan at s1, s3 and sb, each with one of everything.
    plan: Plan | None = None
    out_plan: Plan | None = None
    other_plan: Plan | None = None
    # Partnership reviews (tests/reviews/world.py): a draft review at s1, s3 and sb.
    review: Review | None = None
    out_review: Review | None = None
    other_review: Review | None = None

    def person(self, role: Role | str) -> User:
        return self.people[str(role)]


def build_world() -> World:
    with scopes_disabled():
        trust = TrustFactory(name="Trust A")
        other = TrustFactory(name="Trust B")
        c1 = ClusterFactory(trust=trust, name="North cluster")
        c2 = ClusterFactory(trust=trust, name="South cluster")
        b1 = ClusterFactory(trust=other, name="Harbour cluster")
        world = World(
            trust=trust,
            other_trust=other,
            c1=c1,
            c2=c2,
            b1=b1,
            s1=SchoolFactory(cluster=c1, name="Alder Primary"),
            s2=SchoolFactory(cluster=c1, name="Birch Primary"),
            s3=SchoolFactory(cluster=c2, name="Cedar Primary"),
            sb=SchoolFactory(cluster=b1, name="Driftwood Primary"),
        )
        for role in Role:
            person = UserFactory(
                trust=trust, full_name=f"{role.label} of A", email=f"{role.value}@a.example"
            )
            attached = rule_for(role).attached
            role_assign(
                person=person,
                role=role,
                acting_user=None,
                school=world.s1 if attached == Attached.SCHOOL else None,
                cluster=world.c1 if attached == Attached.CLUSTER else None,
            )
            world.people[role.value] = person
        world.stranger = UserFactory(
            trust=trust, full_name="No role of A", email="norole@a.example"
        )
        world.colleague = UserFactory(
            trust=trust, full_name="Governor of s2", email="gov2@a.example"
        )
        role_assign(person=world.colleague, role=Role.GOVERNOR, acting_user=None, school=world.s2)
        world.south_head = UserFactory(trust=trust, full_name="Head of s3", email="head3@a.example")
        role_assign(
            person=world.south_head, role=Role.HEAD_TEACHER, acting_user=None, school=world.s3
        )
        world.other_ceo = UserFactory(trust=other, full_name="CEO of B", email="ceo@b.example")
        role_assign(person=world.other_ceo, role=Role.CEO, acting_user=None)
        world.other_head = UserFactory(trust=other, full_name="Head of B", email="head@b.example")
        role_assign(
            person=world.other_head, role=Role.HEAD_TEACHER, acting_user=None, school=world.sb
        )
        world.job = Job.objects.create(
            trust=trust, kind="role_expiry", status=Job.Status.DONE, message="No role ended."
        )
        world.other_job = Job.objects.create(
            trust=other, kind="role_expiry", status=Job.Status.DONE
        )
        world.year = academic_year_create(trust=trust, starts_in=2026, acting_user=None)
        world.other_year = academic_year_create(trust=other, starts_in=2026, acting_user=None)
        world.superuser = User.objects.create_superuser(
            "platform@example.org", "x", full_name="Platform"
        )
    return world


def _memory_storage() -> Any:
    from django.core.files.storage import InMemoryStorage, storages

    storage = storages["default"]
    return storage if isinstance(storage, InMemoryStorage) else None


@pytest.fixture(autouse=True, scope="module")
def _empty_storage_per_module() -> Iterator[None]:
    """Each test module starts and ends with empty in-memory file storage: files are not rolled back
    with the database, so without this one module's PDFs are found by the next."""
    from django.core.files.storage.memory import InMemoryDirNode

    storage = _memory_storage()
    if storage is not None:
        storage._root = InMemoryDirNode()
    yield
    if storage is not None:
        storage._root = InMemoryDirNode()


@pytest.fixture(autouse=True)
def _fresh_process_state() -> Iterator[None]:
    """Each test starts with empty caches and with the files its world stored (a module's shared
    world included) and nothing that an earlier test left; pytest-django empties the outbox."""
    import copy

    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
    storage = _memory_storage()
    before = copy.deepcopy(storage._root) if storage is not None else None
    yield
    if storage is not None:
        storage._root = before


@pytest.fixture
def world(db: None) -> World:
    return build_world()


# The demo as this process first loaded it: a template database (PostgreSQL) or an in-memory copy
# (SQLite). Loading the demo takes 20-30 s; restoring the copy takes about a second.
_DEMO_COPY: dict[str, Any] = {}


@pytest.fixture
def demo(transactional_db: None, django_db_blocker: Any) -> None:
    """The demo trusts, exactly as `make run` loads them, in a database of their own for the test.

    The first test of a process loads the demo and keeps a copy; each later one gets a fresh copy.
    The test may change anything: pytest-django empties the database after it, as for any test that
    needs transactions (the live server does)."""
    from django.core.management import call_command
    from django.db import connection, connections

    if connection.vendor == "postgresql":
        name = connection.settings_dict["NAME"]
        copy_name = f"{name}_demo"
        if "postgresql" not in _DEMO_COPY:
            call_command("load_demo", quiet_sign_ins=True)
            connections.close_all()
            with connection._nodb_cursor() as cursor:
                _end_other_sessions(cursor, name)
                cursor.execute(f'DROP DATABASE IF EXISTS "{copy_name}"')
                cursor.execute(f'CREATE DATABASE "{copy_name}" TEMPLATE "{name}"')
            _DEMO_COPY["postgresql"] = copy_name
            return
        connections.close_all()
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE "{copy_name}"')
        return
    import sqlite3

    connection.ensure_connection()
    live = connection.connection
    if "sqlite" not in _DEMO_COPY:
        call_command("load_demo", quiet_sign_ins=True)
        copy = sqlite3.connect(":memory:", check_same_thread=False)
        live.backup(copy)
        _DEMO_COPY["sqlite"] = copy
        return
    _DEMO_COPY["sqlite"].backup(live)


def _end_other_sessions(cursor: Any, name: str) -> None:
    cursor.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
        " WHERE datname = %s AND pid <> pg_backend_pid()",
        [name],
    )


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Join the parts of the axe-core report the browser tests' processes left (one per pytest-xdist
    worker) into var/axe-report.txt, the record of every page checked. Runs in the controlling
    process, which finishes after its workers."""
    if os.environ.get("PYTEST_XDIST_WORKER"):
        return
    var = Path(__file__).resolve().parents[1] / "var"
    report: dict[str, list[int]] = {}
    tags: list[str] = []
    for part in sorted(var.glob("axe-report.*.json")):
        data = json.loads(part.read_text())
        report.update(data["pages"])
        tags = data["tags"]
        part.unlink()
    if not report:
        return
    lines = [f"{len(report)} pages checked by axe-core ({', '.join(tags)}); 0 violations allowed."]
    lines += [
        f"{path}\t{passes} rules passed\t{todo} need a human look"
        for path, (passes, todo) in sorted(report.items())
    ]
    (var / "axe-report.txt").write_text("\n".join(lines) + "\n")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """pytest-django's test database, and before it is dropped, PostgreSQL sessions other tests
    left open on it are ended (a DROP DATABASE is refused while any remains). What was ended is
    written to var/test-db-sessions.log, so a leak can be found."""
    yield
    from django.db import connection, connections

    if connection.vendor != "postgresql":
        return
    # A connection ended while idle (a restart of the server, a restored demo) is not reused.
    connections.close_all()
    if "postgresql" in _DEMO_COPY:
        with django_db_blocker.unblock(), connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{_DEMO_COPY.pop("postgresql")}" WITH (FORCE)')
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid, application_name, state, left(query, 200), pg_terminate_backend(pid)"
            " FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        ended = cursor.fetchall()
    if ended:
        var = Path(__file__).resolve().parents[1] / "var"
        var.mkdir(exist_ok=True)
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        with open(var / "test-db-sessions.log", "a") as log:
            for row in ended:
                log.write(f"{worker}\t{row}\n")
