"""Sections that other apps add to the home, school and cluster pages.

The schools app sits below qa_visits, isap and the rest, so it cannot import them. Instead each app
names a builder here; the school and cluster views call them and include what they return. A
builder takes the person and the object, queries what its section shows, and returns None when the
person may not see it (or there is nothing to show and no empty state is wanted).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.module_loading import import_string

from fht.models import User


@dataclass(frozen=True)
class Panel:
    template: str
    context: dict[str, Any] = field(default_factory=dict)


SCHOOL_PANELS = [
    "returns.panels.school_panel",
    "qa_visits.panels.school_panel",
    "isap.panels.school_panel",
]
HOME_PANELS = [
    "isap.panels.home_panel",
]
CLUSTER_PANELS = [
    "qa_visits.panels.cluster_panel",
    "isap.panels.cluster_panel",
]


def _build(paths: list[str], user: User, obj: Any) -> list[Panel]:
    builders: list[Callable[[User, Any], Panel | None]] = [import_string(p) for p in paths]
    return [panel for build in builders if (panel := build(user, obj)) is not None]


def school_panels(*, user: User, school: Any) -> list[Panel]:
    return _build(SCHOOL_PANELS, user, school)


def home_panels(*, user: User) -> list[Panel]:
    return _build(HOME_PANELS, user, None)


def cluster_panels(*, user: User, cluster: Any) -> list[Panel]:
    return _build(CLUSTER_PANELS, user, cluster)
