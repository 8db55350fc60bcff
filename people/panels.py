"""What the people app adds to the home, school and cluster pages (registered in apps.py)."""

from typing import Any

from fht.access import access_for
from fht.models import User
from fht.registry import PanelContent
from people.selectors import active_roles_of, cluster_directors, school_people
from schools.models import Cluster, School
from schools.selectors import can_manage_structure


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


def school_people_panel(user: User, school: School) -> PanelContent:
    """The school's head, Directors of QA, governors and deployed leaders, for all who see it."""
    return PanelContent(
        template="people/_school_people.html", context={"people": school_people(school=school)}
    )


def cluster_allocate_button(user: User, cluster: Cluster) -> PanelContent | None:
    """'Allocate a Director of QA', beside the cluster's own buttons, for its administrators."""
    if not can_manage_structure(user):
        return None
    return PanelContent(
        template="people/_cluster_allocate_button.html", context={"cluster": cluster}
    )


def cluster_directors_row(user: User, cluster: Cluster) -> PanelContent | None:
    """The cluster's Directors of QA as a row of its summary, for those who only read it."""
    if can_manage_structure(user):
        return None
    return PanelContent(
        template="people/_cluster_directors_row.html",
        context={"directors": cluster_directors(cluster=cluster)},
    )


def cluster_directors_section(user: User, cluster: Cluster) -> PanelContent | None:
    """The cluster's Directors of QA, each with 'End allocation', for its administrators."""
    if not can_manage_structure(user):
        return None
    return PanelContent(
        template="people/_cluster_directors.html",
        context={"cluster": cluster, "directors": cluster_directors(cluster=cluster)},
    )
