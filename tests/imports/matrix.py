"""Permission-matrix cases for the imports pages (imports app).

Only those who manage the trust's structure (CEO, deputy CEO, trust administrator) import files and
read the imports: 403 for the trust-level pages, 404 for an import's or school's page (as if it did
not exist); another trust's import or school is a 404 for everyone.
"""

from django_scopes import scopes_disabled

from fht.models import ImportRecord, Trust
from fht.roles import Role
from tests.conftest import World
from tests.matrix import ADMINISTRATORS, Case, obj

_SCHOOL = obj({"in": "s1", "out": "s3", "other": "sb"}, "school_id")
_TRUST_OBJECTS = {"in": ADMINISTRATORS, "out": ADMINISTRATORS, "other": set()}


def _record(trust: Trust, world: World) -> ImportRecord:
    uploader = world.person(Role.TRUST_ADMIN) if trust == world.trust else world.other_ceo
    with scopes_disabled():
        record, _ = ImportRecord.objects.get_or_create(
            trust=trust,
            file_name="matrix.csv",
            defaults={
                "kind": "gias",
                "status": ImportRecord.Status.CHECKED,
                "file": "imports/matrix.csv",
                "size": 1,
                "sha256": "0" * 64,
                "uploaded_by": uploader,
            },
        )
    return record


def _record_kwargs(world: World, scope: str) -> dict[str, object]:
    trust = world.other_trust if scope == "other" else world.trust
    return {"record_id": _record(trust, world).pk}


CASES: dict[str, Case] = {
    "imports:list": Case(allowed={"in": ADMINISTRATORS}, denied=403),
    "imports:gias_upload": Case(allowed={"in": ADMINISTRATORS}, denied=403),
    "imports:ofsted_upload": Case(allowed={"in": ADMINISTRATORS}, denied=403),
    "imports:record": Case(kwargs=_record_kwargs, allowed=_TRUST_OBJECTS),
    # POSTs with no data: the trust choice is refused (400); confirm and cancel redirect back.
    "imports:choose_trust": Case(
        kwargs=_record_kwargs, allowed=_TRUST_OBJECTS, method="post", ok=400
    ),
    "imports:confirm": Case(kwargs=_record_kwargs, allowed=_TRUST_OBJECTS, method="post", ok=302),
    "imports:cancel": Case(kwargs=_record_kwargs, allowed=_TRUST_OBJECTS, method="post", ok=302),
    "imports:school": Case(kwargs=_SCHOOL, allowed=_TRUST_OBJECTS),
}
