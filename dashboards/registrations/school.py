"""What the school dashboard registers: a link to it on the school's own page, for those who may
read it. Called from DashboardsConfig.ready()."""

from typing import Any

from fht.models import User
from fht.registry import Panel, PanelContent, panels


def school_panel(user: User, school: Any) -> PanelContent | None:
    from dashboards.selectors.school import reads_school_dashboard

    if not reads_school_dashboard(user, school.pk):
        return None
    return PanelContent(template="dashboards/_school_panel.html", context={"school": school})


def register() -> None:
    panels.register(Panel(slot="school", key="school:dashboard", build=school_panel, order=5))
