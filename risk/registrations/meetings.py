"""The meetings part's job kinds, panels and menu sections."""

from typing import Any

from fht.access import Access, access_for
from fht.models import User
from fht.registry import MenuSection, Panel, PanelContent, jobs, menu, panels
from risk.access import reads_school_risk, reads_summary, runs_meetings


def _sees_risk(user: User, access: Access) -> bool:
    return runs_meetings(access) or reads_summary(access)


def school_panel(user: User, school: Any) -> PanelContent | None:
    """The school's current category and the remedial actions that concern it, for those who read
    its improvement work (heads, governors, the central team): never any discussion."""
    from risk.selectors.categories import latest_decisions
    from risk.selectors.meetings_summary import school_actions

    if not reads_school_risk(access_for(user), school.pk):
        return None
    decision = latest_decisions(school_ids=[school.pk]).get(school.pk)
    context = {"school": school, "decision": decision, "actions": school_actions(school=school)}
    return PanelContent(template="risk/meetings/_school_panel.html", context=context)


def register() -> None:
    from risk.services.meetings_pdf import MINUTES_JOB, PACK_JOB

    jobs.register(PACK_JOB)
    jobs.register(MINUTES_JOB)
    menu.register(
        MenuSection(
            key="risk",
            label="Risk",
            url_name="risk:meetings",
            visible=_sees_risk,
            namespaces=frozenset({"risk"}),
            order=45,
        )
    )
    panels.register(Panel(slot="school", key="school:risk", build=school_panel, order=15))
