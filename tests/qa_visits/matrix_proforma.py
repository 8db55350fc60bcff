"""Permission-matrix cases for the proforma pages (qa_visits/urls_proforma.py).

Scopes: 'in' is the submitted visit at s1, 'out' the submitted visit at s3, 'other' trust B's.

- `visit_proforma_download`: whoever reads the visit (S1_READERS at s1, the trust-wide roles at s3).
  The matrix world renders no PDFs, so an allowed reader gets the 'not ready yet' page, which is
  answered 404 like a refusal: here `ok` is 404 and the matrix proves only that nobody gets a 200
  (no file, no page of another trust). Who gets which edition, and that readers of other schools
  and trusts get 404 when the files do exist, is in tests/qa_visits/test_proforma_views.py.
- `visit_proforma_render` (POST): the matrix's visits have never had a proforma made, so any reader
  may ask for the first one and is sent back to the visit page, which follows the job (302). Once
  one has been made, only those who write the visit may ask again (tests/qa_visits/test_proforma_views.py).
"""

from tests.matrix import S1_READERS, TRUST_WIDE, Case, obj

_VISIT = obj({"in": "visit", "out": "out_visit", "other": "other_visit"}, "visit_id")

CASES: dict[str, Case] = {
    "qa_visits:proforma_download": Case(
        kwargs=_VISIT,
        allowed={"in": S1_READERS, "out": TRUST_WIDE, "other": set()},
        ok=404,
    ),
    "qa_visits:proforma_render": Case(
        kwargs=_VISIT,
        allowed={"in": S1_READERS, "out": TRUST_WIDE, "other": set()},
        method="post",
        ok=302,
    ),
}
