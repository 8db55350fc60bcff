"""What the record part registers (see reviews/registrations/__init__.py): a home-page panel
listing the reviews waiting for the person's check, sharing or acknowledgement."""

from typing import Any

from fht.models import User
from fht.registry import Panel, PanelContent, panels


def waiting_panel(user: User, _: Any = None) -> PanelContent | None:
    from reviews.selectors.record import waiting_for

    waiting = waiting_for(user)
    if not waiting:
        return None
    return PanelContent(template="reviews/record/_home_panel.html", context={"waiting": waiting})


def register() -> None:
    panels.register(Panel(slot="home", key="home:reviews_waiting", build=waiting_panel, order=45))
