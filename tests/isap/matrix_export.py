"""Permission-matrix cases for the plan's files (isap/urls_export.py).

Scopes: 'in' is the plan at s1 (world.plan), 'out' the plan at s3 (world.out_plan), 'other' trust
B's (world.other_plan). Every reader of a plan's school reads all of it (nothing in a plan is
restricted), so every URL here answers the same people: S1_READERS at s1, the trust-wide roles at
s3 (the CEO, deputy, CPD lead, trustees and trust administrators), nobody for trust B.

- `isap_plan_pdf`: the matrix world makes no PDFs, so an allowed reader gets the 'not ready yet'
  page, answered 404 like a refusal: `ok` is 404 and the matrix proves only that nobody gets a 200
  (no file, no page of another trust). That readers get the file once it is made, and readers of
  other schools and trusts still get 404, is in tests/isap/test_isap_export.py.
- `isap_plan_pdf_render` (POST): any reader may have the PDF made; they are sent back to the plan
  page (302), which follows the job.
- `isap_plan_csv`, `isap_support_csv`: the actions and the support deployed, for every reader.
"""

from tests.matrix import S1_READERS, TRUST_WIDE, Case, obj

_PLAN = obj({"in": "plan", "out": "out_plan", "other": "other_plan"}, "plan_id")
_READERS = {"in": S1_READERS, "out": TRUST_WIDE, "other": set()}

CASES: dict[str, Case] = {
    "isap:plan_pdf": Case(kwargs=_PLAN, allowed=_READERS, ok=404),
    "isap:plan_pdf_render": Case(kwargs=_PLAN, allowed=_READERS, method="post", ok=302),
    "isap:plan_csv": Case(kwargs=_PLAN, allowed=_READERS),
    "isap:support_csv": Case(kwargs=_PLAN, allowed=_READERS),
}
