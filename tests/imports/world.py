"""The imports tests' world: a new, empty trust with its administrator and CEO, a trust that
already holds a school under a predecessor URN, and another trust; and files made from the DfE's
real samples (tests/data/dfe)."""

import csv
import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection, transaction
from django_scopes import scopes_disabled

from fht.models import Trust, User
from fht.roles import Role
from people.services import role_assign
from schools.models import School
from tests import DFE
from tests.factories import ClusterFactory, SchoolFactory, TrustFactory, UserFactory

SAMPLE = DFE / "gias_establishments_sample_2025-26.csv"
LINKS = DFE / "gias_links_flying_high_20250422.csv"
ENCODING_CASES = DFE / "gias_links_encoding_cases_20250422.csv"
D1_HEADER = DFE / "headers" / "ofsted_mi_2025_D1_in_year_inspections_header.csv"
LEGACY_HEADER = [
    "URN",
    "Inspection number",
    "Inspection type",
    "Inspection start date",
    "Inspection end date",
    "Overall effectiveness",
    "Category of concern",
    "Quality of education",
    "Behaviour and attitudes",
    "Personal development",
    "Effectiveness of leadership and management",
    "Early years provision (where applicable)",
    "Sixth form provision (where applicable)",
]


@dataclass
class ImportsWorld:
    new_trust: Trust  # empty: no school yet; its group UID unknown
    admin: User
    ceo: User
    head: User  # of the transfer trust's school: reads it, imports nothing
    transfer_trust: Trust  # holds Whitecotes Primary Academy under URN 143117
    transfer_admin: User
    whitecotes: School
    other_trust: Trust
    other_admin: User


@contextmanager
def rolled_back() -> Iterator[None]:
    atomic = transaction.atomic()
    atomic._from_testcase = True  # type: ignore[attr-defined]
    atomic.__enter__()
    try:
        yield
    finally:
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)
        connection.close()


def _person(trust: Trust, role: Role, email: str, school: School | None = None) -> User:
    person = UserFactory(trust=trust, email=email, full_name=f"{role.label} ({email})")
    role_assign(person=person, role=role, acting_user=None, school=school)
    return person


def build_imports_world() -> ImportsWorld:
    with scopes_disabled():
        new_trust = TrustFactory(name="Diocese of Chichester Academy Trust")
        transfer = TrustFactory(name="Flying High Trust")
        other = TrustFactory(name="Harbour Trust")
        whitecotes = SchoolFactory(
            cluster=ClusterFactory(trust=transfer, name="Chesterfield"),
            urn="143117",
            name="Whitecotes Primary Academy",
            pupils_on_roll=200,
        )
        SchoolFactory(cluster=ClusterFactory(trust=other, name="Harbour"), urn="100273")
        return ImportsWorld(
            new_trust=new_trust,
            admin=_person(new_trust, Role.TRUST_ADMIN, "admin@new.example"),
            ceo=_person(new_trust, Role.CEO, "ceo@new.example"),
            head=_person(transfer, Role.HEAD_TEACHER, "head@fh.example", whitecotes),
            transfer_trust=transfer,
            transfer_admin=_person(transfer, Role.TRUST_ADMIN, "admin@fh.example"),
            whitecotes=whitecotes,
            other_trust=other,
            other_admin=_person(other, Role.TRUST_ADMIN, "admin@harbour.example"),
        )


def sample_rows() -> tuple[list[str], list[dict[str, str]]]:
    """The GIAS sample's header and rows, as GIAS spells them."""
    with SAMPLE.open(encoding="cp1252", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        rows = [dict(zip(header, row, strict=True)) for row in reader]
    return header, rows


def gias_file(rows: list[dict[str, str]], header: list[str] | None = None) -> bytes:
    """A GIAS-style file: quoted, CRLF, Windows-1252."""
    header = header or sample_rows()[0]
    out = io.StringIO(newline="")
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(h, "") for h in header])
    return out.getvalue().encode("cp1252")


def ofsted_file(header: list[str], rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(h, "") for h in header])
    return out.getvalue().encode("utf-8")


def d1_header() -> list[str]:
    with D1_HEADER.open(encoding="utf-8", newline="") as f:
        return next(csv.reader(f))
