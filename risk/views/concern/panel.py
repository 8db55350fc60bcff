"""The concern section of the school page (registered in risk/registrations/concern.py)."""

from typing import Any

from fht.access import access_for
from fht.models import User
from fht.registry import PanelContent
from risk.access import owns_escalation, reads_summary
from risk.selectors.concern import open_case_of, reads_case


def school_panel(user: User, school: Any) -> PanelContent | None:
    """The school's open case and its level, for those who read the case (with a link) and for
    those who read the risk summary (trustees and the central team: the level only). None for
    everyone else, heads and governors included. One query."""
    access = access_for(user)
    reader = reads_case(access, school.pk)
    if not reader and not reads_summary(access):
        return None
    case = open_case_of(school)
    if case is None and not reader:
        return None
    return PanelContent(
        template="risk/concern/_school_panel.html",
        context={
            "school": school,
            "case": case,
            "reader": reader,
            "owner": owns_escalation(access),
        },
    )
