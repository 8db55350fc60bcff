"""The growth part's job kinds, panels and menu sections: a link to the growth and capacity page
on the home page of those who read it (the CEO, deputy and trustees)."""

from typing import Any

from fht.models import User
from fht.registry import Panel, PanelContent, panels


def home_link(user: User, _: Any = None) -> PanelContent | None:
    from risk.selectors.growth_reads import manages_growth, reads_growth_of

    if not reads_growth_of(user):
        return None
    return PanelContent(
        template="risk/growth/_home_panel.html", context={"manages": manages_growth(user)}
    )


def register() -> None:
    panels.register(Panel(slot="home", key="home:growth", build=home_link, order=60))
