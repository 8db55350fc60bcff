"""Permission-matrix cases for the planning pages (reviews/views/planning/).

Scopes: 'in' is s1 and its draft review (cluster c1, the Director of QA's, who leads it), 'out' s3
and its review (cluster c2), 'other' trust B's sb and its review.

- The trust's list of reviews: the central team's readers (CEO, deputy, Director of QA, CPD lead)
  and trustees. Heads, governors, lead practitioners, the administrator: 404.
- Planning a school's review, changing the plan and the schedule: those who plan the school's
  reviews (the CEO and deputy everywhere, c1's Director of QA at s1). A team member who does not
  plan (the CPD lead on s1's team) does not change the plan: 404, as for everyone else.
  s1 and s3 already have a review this year: the planning page says so, with a link (200).
"""

from fht.roles import Role
from tests.conftest import World
from tests.matrix import Case

R = Role
PLANNERS = {
    "in": {R.CEO, R.DEPUTY_CEO, R.QA_DIRECTOR},
    "out": {R.CEO, R.DEPUTY_CEO},
    "other": set(),
}
SCHOOLS = {"in": "s1", "out": "s3", "other": "sb"}
REVIEWS = {"in": "review", "out": "out_review", "other": "other_review"}


def _school(w: World, scope: str) -> dict[str, object]:
    return {"school_id": getattr(w, SCHOOLS[scope]).pk}


def _review(w: World, scope: str) -> dict[str, object]:
    return {"review_id": getattr(w, REVIEWS[scope]).pk}


CASES: dict[str, Case] = {
    "reviews:list": Case(
        allowed={"in": {R.CEO, R.DEPUTY_CEO, R.QA_DIRECTOR, R.CPD_LEAD, R.TRUSTEE}}
    ),
    "reviews:plan_new": Case(kwargs=_school, allowed=PLANNERS),
    "reviews:plan_edit": Case(kwargs=_review, allowed=PLANNERS),
    "reviews:schedule": Case(kwargs=_review, allowed=PLANNERS),
}
