"""Sections this app adds to the school and cluster pages (registered in apps.py)."""

from typing import Any

from django.utils import timezone

from fht.access import access_for
from fht.models import User
from fht.rag import Rag
from fht.registry import PanelContent
from fht.roles import SchoolPerm
from fht.tenancy import trust_of
from qa_visits import selectors
from qa_visits.cadence import next_visit_due
from qa_visits.data_view import fmt
from qa_visits.models import Visit
from qa_visits.sections import SECTION_BY_KEY
from qa_visits.selectors import COMPARED_SECTIONS, KEY_FIGURES, cluster_comparison


def _summary(visit: Visit) -> str:
    """The visit's judgements in words: '3 green, 6 amber, 1 red' (visible sections only)."""
    counts = dict.fromkeys(Rag.values, 0)
    for row in visit.sections.all():
        section = SECTION_BY_KEY.get(row.key)
        if section is not None and section.has_rag and row.rag in counts:
            counts[row.rag] += 1
    words = [f"{n} {Rag(rag).label.lower()}" for rag, n in counts.items() if n]
    return ", ".join(words) or "Not judged"


def school_panel(user: User, school: Any) -> PanelContent | None:
    """The school's visits: submitted ones for readers; planned and drafts too for writers."""
    if not access_for(user).has_school_perm(school.pk, SchoolPerm.VIEW_IMPROVEMENT):
        return None
    visits = selectors.school_visits(user=user, school=school)
    writes = selectors.can_write_school(user, school.pk) and school.closed_on is None
    context: dict[str, Any] = {
        "school": school,
        "visits": [(v, _summary(v) if v.is_submitted else "") for v in visits],
        "can_write": writes,
    }
    if writes and school.closed_on is None:
        today = timezone.localdate()
        last = max((v.visited_on for v in visits if v.is_submitted and v.visited_on), default=None)
        context["due_on"] = next_visit_due(
            trust=trust_of(user), last_visited_on=last, today=today, category=school.category
        )
        context["overdue"] = context["due_on"] < today
        context["never_visited"] = last is None
    return PanelContent(template="qa_visits/_school_panel.html", context=context)


def cluster_panel(user: User, cluster: Any) -> PanelContent | None:
    """The cluster's schools side by side at their latest submitted visit, for the LGB cluster
    meeting: unrestricted judgements in words and key figures from the frozen data."""
    columns = cluster_comparison(user=user, cluster=cluster)
    if not columns:
        return None
    figures = [
        (
            label,
            [
                fmt(c.figures[key].get("value"), str(c.figures[key].get("unit", "")))
                if key in c.figures
                else "\N{EN DASH}"
                for c in columns
            ],
        )
        for key, label in KEY_FIGURES
    ]
    sections = [
        (section, [(c.rags.get(section.key.value, ""), c.visit is not None) for c in columns])
        for section in COMPARED_SECTIONS
    ]
    return PanelContent(
        template="qa_visits/_cluster_panel.html",
        context={
            "cluster": cluster,
            "columns": columns,
            "sections": sections,
            "figures": [
                (label, values)
                for label, values in figures
                if any(v != "\N{EN DASH}" for v in values)
            ],
        },
    )
