"""What the people app adds to the home page (registered in apps.py)."""

from typing import Any

from fht.access import access_for
from fht.models import User
from fht.registry import PanelContent
from people.selectors import active_roles_of


def home_roles(user: User, _: Any = None) -> PanelContent:
    """The person's roles, or what to do when they have none yet."""
    return PanelContent(
        template="people/_home_roles.html", context={"roles": active_roles_of(person=user)}
    )


def home_people(user: User, _: Any = None) -> PanelContent | None:
    """A way to the trust's people and roles, for the central team."""
    if not access_for(user).can_view_people:
        return None
    return PanelContent(template="people/_home_people.html")
