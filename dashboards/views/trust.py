"""The trust dashboard (`dashboards:trust`) and its tables as CSV."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.safestring import mark_safe

from dashboards import access as rules
from dashboards.selectors.trust import trust_dashboard
from dashboards.tables import TRUST_TABLES, csv_response, table_for
from fht import cache
from fht.access import access_for
from fht.decorators import trust_member_required
from fht.tenancy import trust_of
from fht.types import AuthenticatedRequest
from risk import access as risk_rules


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
    trust = trust_of(request.user)
    name = wanted_table(request)
    if name is not None:
        board = trust_dashboard(trust=trust, user=request.user, as_of=today)
        table = table_for(TRUST_TABLES, name, board)
        if table is None:
            raise Http404("No such table")
        return csv_response(table, today.isoformat())

    def body() -> str:
        board = trust_dashboard(trust=trust, user=request.user, as_of=today)
        return render_to_string("dashboards/_trust_body.html", {"board": board})

    # Every reader with the same view of the concern procedure sees the same body: it is kept
    # until the trust's data changes (fht.cache), so most readers do not rebuild it.
    variant = (today.isoformat(), risk_rules.reads_summary(access))
    context = {
        "trust": trust,
        # Our own template's output, kept as text (a cache may not keep the safe-string mark).
        "body": mark_safe(cache.for_trust(trust.pk, "dashboards:trust", variant, body)),  # noqa: S308
        "sets_targets": rules.sets_targets(access),
        "nav_section": "dashboards",
    }
    return render(request, "dashboards/trust.html", context)


urlpatterns: list[URLPattern] = [
    path("dashboards/", trust_page, name="trust"),
]
