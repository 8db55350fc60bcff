"""Permission-matrix cases for school and cluster administration (schools app).

Only those who manage the trust's structure (TrustPerm.MANAGE_STRUCTURE: CEO, deputy CEO, trust
administrator) reach the administration pages: 403 for the trust-level pages, 404 for another object's pages
(as if it did not exist), and 404 for another trust's objects for everyone. Every member of the
trust reads its academic years.
"""

from tests.matrix import ADMINISTRATORS, C1_READERS, S1_READERS, TRUST_WIDE, Case, obj

_SCHOOL = obj({"in": "s1", "out": "s3", "other": "sb"}, "school_id")
_CLUSTER = obj({"in": "c1", "out": "c2", "other": "b1"}, "cluster_id")
_YEAR = obj({"in": "year", "out": "year", "other": "other_year"}, "year_id")
_TRUST_OBJECTS = {"in": ADMINISTRATORS, "out": ADMINISTRATORS, "other": set()}

CASES: dict[str, Case] = {
    # Reading: every member has the lists; a school's or cluster's page is for those who cover it.
    "schools:list": Case(any_member=True),
    "schools:clusters:list": Case(any_member=True),
    "schools:detail": Case(
        kwargs=_SCHOOL, allowed={"in": S1_READERS, "out": TRUST_WIDE, "other": set()}
    ),
    "schools:clusters:detail": Case(
        kwargs=_CLUSTER, allowed={"in": C1_READERS, "out": TRUST_WIDE, "other": set()}
    ),
    # Administering.
    "schools:add": Case(allowed={"in": ADMINISTRATORS}, denied=403),
    "schools:edit": Case(kwargs=_SCHOOL, allowed=_TRUST_OBJECTS),
    "schools:close": Case(kwargs=_SCHOOL, allowed=_TRUST_OBJECTS),
    "schools:clusters:add": Case(allowed={"in": ADMINISTRATORS}, denied=403),
    "schools:clusters:edit": Case(kwargs=_CLUSTER, allowed=_TRUST_OBJECTS),
    # Every member reads the academic years; only administrators add them or change their dates.
    "schools:years:list": Case(any_member=True),
    "schools:years:add": Case(allowed={"in": ADMINISTRATORS}, denied=403),
    "schools:years:edit": Case(kwargs=_YEAR, allowed=_TRUST_OBJECTS),
}
