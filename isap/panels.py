"""The action-plan sections of the home, school, cluster and visit pages (registered in apps.py)."""

from typing import Any

from django.utils import timezone

from fht.access import access_for
from fht.models import User
from fht.registry import PanelContent
from fht.roles import SchoolPerm
from fht.tenancy import trust_of
from isap.models import Signature
from isap.selectors import Can, may, summaries
from isap.selectors import lists as list_selectors
from isap.selectors.visit import visit_actions_panel
from qa_visits import selectors as qa_selectors
from schools.years import academic_year_for


def school_panel(user: User, school: Any) -> PanelContent | None:
    """This year's plan for readers of the school: agreed or who has signed, open actions, the
    overdue and red ones, core-offer days used and left. Four queries with a plan."""
    if not access_for(user).has_school_perm(school.pk, SchoolPerm.VIEW_IMPROVEMENT):
        return None
    today = timezone.localdate()
    trust = trust_of(user)
    year = academic_year_for(trust_id=trust.pk, on=today)
    context: dict[str, Any] = {
        "school": school,
        "year": year,
        "can_start": may(user, school.pk, Can.MANAGE) and school.closed_on is None,
    }
    if year is not None:
        summary = summaries.school_plan_summary(
            school=school, year=year, today=today, allowance=trust.core_offer_days
        )
        signed = {s.signatory: s for s in summary.signatures}
        context["summary"] = summary
        context["signatories"] = [(s.label, signed.get(s.value)) for s in Signature.Signatory]
    return PanelContent(template="isap/_school_panel.html", context=context)


def cluster_panel(user: User, cluster: Any) -> PanelContent | None:
    """This year's support for the cluster's schools (days and costs by who pays, core-offer days
    used and left) and each school's overdue and red actions, for those who see the cluster. The
    plans hold no restricted text; a plan is linked for those who may read it."""
    today = timezone.localdate()
    trust = trust_of(user)
    year = academic_year_for(trust_id=trust.pk, on=today)
    if year is None:
        return None
    data = summaries.cluster_support(
        cluster=cluster, year=year, today=today, allowance=trust.core_offer_days
    )
    if not data.schools:
        return None
    access = access_for(user)
    rows = [
        (row, access.has_school_perm(row.school.pk, SchoolPerm.VIEW_IMPROVEMENT))
        for row in data.schools
    ]
    return PanelContent(
        template="isap/_cluster_panel.html",
        context={
            "cluster": cluster,
            "year": year,
            "rows": rows,
            "total": data.total,
            "sees_totals": list_selectors.sees_support_totals(user),
        },
    )


def home_panel(user: User, _: Any = None) -> PanelContent | None:
    """On the home page: this year's plan of each school whose actions the person tracks (heads,
    executive heads, Directors of QA, the CEO and deputy), and the open actions they are
    responsible for themselves. None for those with neither."""
    today = timezone.localdate()
    tracks = access_for(user).can_track_actions
    year = academic_year_for(trust_id=trust_of(user).pk, on=today) if tracks else None
    plans = summaries.home_plans(user=user, year=year, today=today) if year else []
    mine, first = summaries.my_open_actions(user=user, today=today)
    if not plans and not mine:
        return None
    return PanelContent(
        template="isap/_home_panel.html",
        context={"year": year, "plans": plans, "mine": mine, "first": first, "tracks": tracks},
    )


def visit_panel(user: User, visit: Any) -> PanelContent | None:
    """What a QA visit recorded on the school's plan, on the visit page (two queries); none for a
    cancelled visit."""
    can_record = qa_selectors.can_write_school(user, visit.school_id)
    actions = visit_actions_panel(visit=visit, can_write=can_record)
    if actions is None:
        return None
    return PanelContent(
        "isap/_visit_actions_panel.html", {"visit": visit, "visit_actions": actions}
    )
