"""Who may do what with partnership reviews, from the person's roles and school permissions
(fht.access) and the review's team: one place, so every view, panel and menu entry asks the same
question.

- Planning a review (dates, team, schedule): those who manage the school's improvement (the CEO,
  the deputy, the school's Director of QA).
- Writing the record and findings, and checking it: any member of the review's team (a head from
  another school included, who has no other right to the school), and those who plan it. The check
  is a second reviewer's: a team member other than the one who sent it for checking.
- Sharing it with the head: those who plan it, once it is checked.
- Reading it before it is shared: the team and those who plan it. Once shared: also the school's
  head (who acknowledges it and records when the findings were shared) and its governors, who read
  the report without the restricted notes (staffing).
- The trust's list of reviews: the central team (CEO, deputy, Directors of QA, the CPD lead) and
  trustees, each for the schools they read.
- The letters of a whole year at once: the CEO and the deputy.
- The effective-practice library: every head, director and lead practitioner of the trust (and the
  rest of the central team, system leaders and executive heads), not governors or trustees.
"""

from fht.access import Access
from fht.roles import Role, SchoolPerm

OVERVIEW_READERS = frozenset(
    {Role.CEO, Role.DEPUTY_CEO, Role.QA_DIRECTOR, Role.CPD_LEAD, Role.TRUSTEE}
)
LETTER_BATCH_RUNNERS = frozenset({Role.CEO, Role.DEPUTY_CEO})
LIBRARY_READERS = frozenset(
    {
        Role.CEO,
        Role.DEPUTY_CEO,
        Role.QA_DIRECTOR,
        Role.CPD_LEAD,
        Role.LEAD_PRACTITIONER,
        Role.SYSTEM_LEADER,
        Role.HEAD_TEACHER,
        Role.EXECUTIVE_HEAD,
    }
)


def _holds(access: Access, roles: frozenset[Role]) -> bool:
    return any(role in roles for role in access.roles)


def plans_reviews(access: Access, school_id: int) -> bool:
    """Plans the school's review, shares it, and writes it whether on the team or not."""
    return access.has_school_perm(school_id, SchoolPerm.MANAGE_IMPROVEMENT)


def plans_any_review(access: Access) -> bool:
    return access.can_plan_visits


def reads_overview(access: Access) -> bool:
    return _holds(access, OVERVIEW_READERS)


def reads_shared(access: Access, school_id: int) -> bool:
    """Reads the school's shared review (its report without restricted notes)."""
    return access.has_school_perm(school_id, SchoolPerm.VIEW_IMPROVEMENT)


def reads_restricted(access: Access, school_id: int) -> bool:
    """Reads the restricted notes (staffing) of the school's review."""
    return access.has_school_perm(school_id, SchoolPerm.VIEW_RESTRICTED)


def acknowledges(access: Access, school_id: int) -> bool:
    """The school's head (or executive head) acknowledges the shared review."""
    return access.has_school_perm(school_id, SchoolPerm.UPDATE_PROGRESS) and not plans_reviews(
        access, school_id
    )


def runs_letter_batches(access: Access) -> bool:
    return _holds(access, LETTER_BATCH_RUNNERS)


def reads_library(access: Access) -> bool:
    return _holds(access, LIBRARY_READERS)
