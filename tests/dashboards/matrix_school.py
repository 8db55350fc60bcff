"""Permission-matrix cases for the school on a page (dashboards/views/school.py).

The page, its CSV downloads and its PDF are for whoever reads the school's improvement work (SchoolPerm.VIEW_IMPROVEMENT,
as its data page): at s1 ('in') its head, executive head, governors, chair, lead practitioner and
system leader, c1's Director of QA and the trust-wide roles (CEO, deputy, CPD lead, trustees, the
administrator); at s3 ('out', cluster c2) only the trust-wide roles. Another trust's school (sb) is
a 404 for everyone, as is any school for a member with no role.
"""

from tests.matrix import S1_READERS, TRUST_WIDE, Case, obj

_SCHOOL = obj({"in": "s1", "out": "s3", "other": "sb"}, "school_id")
_READ = {"in": S1_READERS, "out": TRUST_WIDE, "other": set()}

CASES: dict[str, Case] = {
    "dashboards:school": Case(kwargs=_SCHOOL, allowed=_READ),
    # The matrix world makes no PDFs: a reader gets the 'not made yet' page (404) as everyone else.
    "dashboards:school_pdf": Case(kwargs=_SCHOOL, allowed=_READ, ok=404),
    # Asking for it (POST, sent empty): a reader is sent back to the page, which follows the job.
    "dashboards:school_pdf_make": Case(kwargs=_SCHOOL, allowed=_READ, method="post", ok=302),
}
