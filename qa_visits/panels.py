"""Sections this app adds to the school and cluster pages (see fht/panels.py)."""

from typing import Any

from fht.models import User
from fht.panels import Panel


def school_panel(user: User, school: Any) -> Panel | None:
    return None


def cluster_panel(user: User, cluster: Any) -> Panel | None:
    return None
