"""What the cycle app adds to the core: the pack's job kind, the menu section and the home panel
of the person's next meetings."""

from typing import Any

from django.utils import timezone

from fht.access import Access, access_for
from fht.models import User
from fht.registry import MenuSection, Panel, PanelContent, jobs, menu, panels


def _sees_meetings(user: User, access: Access) -> bool:
    from cycle.access import reads_any

    return reads_any(access.roles)


def home_panel(user: User, _: Any = None) -> PanelContent | None:
    """The person's next meetings (none: no panel for those with no meetings at all)."""
    from cycle.access import reads_any
    from cycle.selectors.meetings import upcoming_for

    if not reads_any(access_for(user).roles):
        return None
    upcoming = upcoming_for(user=user, today=timezone.localdate())
    return PanelContent(template="cycle/_home_panel.html", context={"meetings": upcoming})


def register() -> None:
    from cycle.services.pack import PACK_JOB

    jobs.register(PACK_JOB)
    menu.register(
        MenuSection(
            key="cycle",
            label="Meetings",
            url_name="cycle:list",
            visible=_sees_meetings,
            namespaces=frozenset({"cycle"}),
            order=48,
        )
    )
    panels.register(Panel(slot="home", key="home:meetings", build=home_panel, order=40))
