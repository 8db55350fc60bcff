"""Who may do what in the risk app, from the person's roles and school permissions (fht.access):
one place, so every view, panel and menu entry asks the same question.

- The CEO, the deputy and the Directors of QA run the risk meetings and see every school in them
  (DOMAIN.md: directors attend for all schools); restricted criteria still follow the school's
  restricted permission (a director reads only their own clusters' performance management).
- Trustees read the summary (categories now, movement, the concern procedure) without the
  discussion; so do the people who run the meetings.
- The growth and capacity page is for the CEO, the deputy and trustees.
- Anyone who reads a school's improvement work sees its current category and the remedial actions
  that concern it, never the discussion.
"""

from fht.access import Access
from fht.roles import Role, SchoolPerm

RUNNERS = frozenset({Role.CEO, Role.DEPUTY_CEO, Role.QA_DIRECTOR})
SUMMARY_READERS = RUNNERS | {Role.TRUSTEE}
GROWTH_READERS = frozenset({Role.CEO, Role.DEPUTY_CEO, Role.TRUSTEE})
# Opening and stepping a concern case, and sending its letters: the CEO and deputy own escalation
# (DOMAIN.md); the school's Director of QA records steps.
ESCALATION_OWNERS = frozenset({Role.CEO, Role.DEPUTY_CEO})


def _holds(access: Access, roles: frozenset[Role]) -> bool:
    return any(role in roles for role in access.roles)


def runs_meetings(access: Access) -> bool:
    return _holds(access, RUNNERS)


def reads_summary(access: Access) -> bool:
    return _holds(access, SUMMARY_READERS)


def reads_growth(access: Access) -> bool:
    return _holds(access, GROWTH_READERS)


def owns_escalation(access: Access) -> bool:
    return _holds(access, ESCALATION_OWNERS)


def reads_school_risk(access: Access, school_id: int) -> bool:
    """Sees the school's current category and the remedial actions that concern it."""
    return access.has_school_perm(school_id, SchoolPerm.VIEW_IMPROVEMENT)


def reads_restricted(access: Access, school_id: int) -> bool:
    """Sees the restricted criteria (performance management) of this school."""
    return access.has_school_perm(school_id, SchoolPerm.VIEW_HEAD_PERFORMANCE)
