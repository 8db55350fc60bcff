"""Reads for the imports pages: who may use them, the one road from a record's id to the record,
the trust's list of imports, and what the imports brought to one school."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from fht.access import access_for
from fht.models import ImportRecord, User
from fht.roles import TrustPerm
from fht.tenancy import trust_id_of
from imports.models import GiasRecord, InspectionSource, SchoolLink
from schools.models import School


def manages_imports(user: User) -> bool:
    """The trust's administrators (and the CEO and deputy) import files and read their history."""
    return access_for(user).has_trust_perm(TrustPerm.MANAGE_STRUCTURE)


def require_imports(user: User) -> None:
    if not manages_imports(user):
        raise PermissionDenied("Only the trust's administrators import files.")


def access_record(user: User, record_id: int) -> ImportRecord:
    """An import of the person's trust, if they manage imports; 404 otherwise."""
    record = (
        ImportRecord.objects.filter(pk=record_id, trust_id=trust_id_of(user))
        .select_related("trust", "uploaded_by", "applied_by")
        .first()
    )
    if record is None or not manages_imports(user):
        raise Http404("No such import")
    return record


def access_school(user: User, school_id: int) -> School:
    school = School.objects.filter(pk=school_id, trust_id=trust_id_of(user)).first()
    if school is None or not manages_imports(user):
        raise Http404("No such school")
    return school


def record_list(*, user: User, kind: str = "", status: str = "") -> QuerySet[ImportRecord]:
    """Every import of the trust, of any kind, with who uploaded and applied it (one query)."""
    records = ImportRecord.objects.filter(trust_id=trust_id_of(user)).select_related(
        "uploaded_by", "applied_by"
    )
    if kind:
        records = records.filter(kind=kind)
    if status:
        records = records.filter(status=status)
    return records


@dataclass(frozen=True)
class SchoolImports:
    school: School
    gias: GiasRecord | None
    links: list[SchoolLink]
    inspections: list[InspectionSource]


def school_imports(*, school: School) -> SchoolImports:
    return SchoolImports(
        school=school,
        gias=GiasRecord.objects.filter(school=school).first(),
        links=list(SchoolLink.objects.filter(school=school)),
        inspections=list(
            InspectionSource.objects.filter(inspection__school=school)
            .select_related("inspection")
            .order_by("-inspection__inspected_on")
        ),
    )
