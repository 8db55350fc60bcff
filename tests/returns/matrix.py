"""Permission-matrix cases for the data-returns pages (returns app).

Reading a school's data needs SchoolPerm.VIEW_IMPROVEMENT on it; entering returns, statutory outcomes
and targets needs UPDATE_PROGRESS (the head) or MANAGE_IMPROVEMENT (the CEO, the deputy and the
school's Director of QA). Everyone else gets 404, as if the school or return did not exist; another
trust's objects are 404 for everyone. Every member of the trust reads the national figures; those
with TrustPerm.MANAGE_BENCHMARKS change them. The KS2 import is for those who manage improvement.
"""

from fht.roles import Role
from tests.conftest import World
from tests.matrix import S1_READERS, TRUST_WIDE, Case, obj

R = Role
_SCHOOL = obj({"in": "s1", "out": "s3", "other": "sb"}, "school_id")
_RETURN = obj({"in": "data_return", "out": "out_return", "other": "other_return"}, "return_id")
_YEAR = obj({"in": "year", "out": "year", "other": "other_year"}, "year_id")


def _school_year(w: object, scope: str) -> dict[str, object]:
    school = {"in": "s1", "out": "s3", "other": "sb"}[scope]
    year = "other_year" if scope == "other" else "year"
    return {"school_id": getattr(w, school).pk, "year_id": getattr(w, year).pk}


def _import_record(w: World, scope: str) -> dict[str, object]:
    """The imports of tests/returns/world.py: the CEO's ('in'), the deputy's ('out'), trust B's."""
    return {"record_id": w.__dict__["import_records"][scope].pk}


WRITERS_S1 = {R.CEO, R.DEPUTY_CEO, R.QA_DIRECTOR, R.HEAD_TEACHER, R.EXECUTIVE_HEAD}
WRITERS_S3 = {R.CEO, R.DEPUTY_CEO}  # s3 is in cluster c2: not the director's, not the heads'
_READ = {"in": S1_READERS, "out": TRUST_WIDE, "other": set()}
_WRITE = {"in": WRITERS_S1, "out": WRITERS_S3, "other": set()}
BENCHMARK_MANAGERS = {R.CEO, R.DEPUTY_CEO, R.QA_DIRECTOR, R.TRUST_ADMIN}
IMPORTERS = {R.CEO, R.DEPUTY_CEO, R.QA_DIRECTOR, R.TRUST_ADMIN}

CASES: dict[str, Case] = {
    "returns:school_data": Case(kwargs=_SCHOOL, allowed=_READ),
    "returns:return_detail": Case(kwargs=_RETURN, allowed=_READ),
    "returns:return_add": Case(kwargs=_SCHOOL, allowed=_WRITE),
    "returns:return_upload": Case(kwargs=_SCHOOL, allowed=_WRITE),
    "returns:return_template": Case(kwargs=_SCHOOL, allowed=_WRITE),
    "returns:return_edit": Case(kwargs=_RETURN, allowed=_WRITE),
    "returns:return_replace": Case(kwargs=_RETURN, allowed=_WRITE),
    "returns:statutory_edit": Case(kwargs=_school_year, allowed=_WRITE),
    "returns:targets_edit": Case(kwargs=_school_year, allowed=_WRITE),
    "returns:benchmark_list": Case(any_member=True),
    "returns:benchmark_edit": Case(
        kwargs=_YEAR,
        allowed={"in": BENCHMARK_MANAGERS, "out": BENCHMARK_MANAGERS, "other": set()},
    ),
    "returns:ks2_import": Case(allowed={"in": IMPORTERS}, denied=403),
    "returns:absence_import": Case(allowed={"in": IMPORTERS}, denied=403),
    "returns:targets_upload": Case(kwargs=_school_year, allowed=_WRITE),
    "returns:targets_template": Case(kwargs=_school_year, allowed=_WRITE),
    "returns:benchmark_upload": Case(
        kwargs=_YEAR,
        allowed={"in": BENCHMARK_MANAGERS, "out": BENCHMARK_MANAGERS, "other": set()},
    ),
    "returns:benchmark_template": Case(
        kwargs=_YEAR,
        allowed={"in": BENCHMARK_MANAGERS, "out": BENCHMARK_MANAGERS, "other": set()},
    ),
    "returns:imports": Case(any_member=True),
    "returns:import_detail": Case(
        kwargs=_import_record, allowed={"in": {R.CEO}, "out": {R.DEPUTY_CEO}, "other": set()}
    ),
    "returns:import_confirm": Case(
        kwargs=_import_record,
        allowed={"in": {R.CEO}, "out": {R.DEPUTY_CEO}, "other": set()},
        method="post",
        ok=302,
    ),
    "returns:import_cancel": Case(
        kwargs=_import_record,
        allowed={"in": {R.CEO}, "out": {R.DEPUTY_CEO}, "other": set()},
        method="post",
        ok=302,
    ),
}
