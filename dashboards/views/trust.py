"""The trust dashboard (`dashboards:trust`) and its tables as CSV."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils import timezone

from dashboards import access as rules
from dashboards.selectors.trust import trust_dashboard
from dashboards.tables import TRUST_TABLES, csv_response, table_for
from fht.access import access_for
from fht.decorators import trust_member_required
from fht.tenancy import trust_of
from fht.types import AuthenticatedRequest


def wanted_table(request: AuthenticatedRequest) -> str | None:
    return request.GET.get("table", "") if request.GET.get("format") == "csv" else None


@trust_member_required
def trust_page(request: AuthenticatedRequest) -> HttpResponse:
    access = access_for(request.user)
    if not rules.reads_trust_dashboard(access):
        raise PermissionDenied(
            "The trust dashboard is for the CEO, the deputy, the central team and trustees."
        )
    today = timezone.localdate()
    board = trust_dashboard(trust=trust_of(request.user), user=request.user, as_of=today)
    name = wanted_table(request)
    if name is not None:
        table = table_for(TRUST_TABLES, name, board)
        if table is None:
            raise Http404("No such table")
        return csv_response(table, today.isoformat())
    context = {
        "board": board,
        "sets_targets": rules.sets_targets(access),
        "nav_section": "dashboards",
    }
    return render(request, "dashboards/trust.html", context)


urlpatterns: list[URLPattern] = [
    path("dashboards/", trust_page, name="trust"),
]
