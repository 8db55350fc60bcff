"""What the schools app adds to the home page (registered in apps.py)."""

from typing import Any

from fht.access import access_for
from fht.models import User
from fht.registry import PanelContent
from schools.selectors import cluster_list, school_list

HOME_SCHOOLS_SHOWN = 20


def home_panel(user: User, _: Any = None) -> PanelContent | None:
    """The schools the person can see (the first few) and their clusters."""
    access = access_for(user)
    school_count = len(access.school_ids())
    if not school_count and not access.can_view_clusters:
        return None
    return PanelContent(
        template="schools/_home_panel.html",
        context={
            "school_count": school_count,
            "schools": school_list(user=user)[:HOME_SCHOOLS_SHOWN] if school_count else [],
            "clusters": cluster_list(user=user) if access.can_view_clusters else [],
        },
    )
