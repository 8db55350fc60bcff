"""Sections this app adds to the school and cluster pages (registered in apps.py)."""

from typing import Any

from fht.access import access_for
from fht.models import User
from fht.registry import PanelContent
from fht.roles import SchoolPerm
from returns import selectors


def school_panel(user: User, school: Any) -> PanelContent | None:
    """The latest return's headline figures against national and target (three queries)."""
    if not access_for(user).has_school_perm(school.pk, SchoolPerm.VIEW_IMPROVEMENT):
        return None
    latest, figures = selectors.panel_figures(school=school)
    return PanelContent(
        template="returns/_panel.html",
        context={
            "school": school,
            "latest": latest,
            "figures": figures,
            "can_write": selectors.can_write_data(user, school.pk),
        },
    )
