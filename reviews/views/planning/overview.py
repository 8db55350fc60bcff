"""The trust's list of schools with their reviews: the last one shared, the next one, and this
academic year's (flagged when there is none), filtered by cluster, status and name, with its CSV."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from fht.access import access_for
from fht.decorators import trust_member_required
from fht.tables import Column, RowTable
from fht.tenancy import trust_id_of, trust_of
from fht.types import AuthenticatedRequest
from reviews import access as rules
from reviews.models import Review
from reviews.selectors import planning as selectors
from reviews.selectors.planning import NO_REVIEW, OverviewRow
from schools.selectors import trust_clusters


def _when(review: Review | None) -> str:
    if review is None:
        return ""
    return f"{review.starts_on:%-d %B %Y} ({review.get_status_display()})"


COLUMNS = [
    Column("school", "School", order_by="name", value=lambda r: r.school.name),
    Column("cluster", "Cluster", order_by="cluster_name", value=lambda r: r.cluster_name or ""),
    Column("last", "Last review", order_by="last_on", value=lambda r: _when(r.reviews.last)),
    Column("next", "Next review", order_by="next_on", value=lambda r: _when(r.reviews.next)),
    Column(
        "this_year",
        "This year's review",
        order_by="this_year_words",
        value=lambda r: r.this_year_words,
    ),
]


def _cluster_id(value: str | None, allowed: set[int]) -> int | None:
    try:
        number = int(value or "")
    except ValueError:
        return None
    return number if number in allowed else None


@require_GET
@trust_member_required
def review_list(request: AuthenticatedRequest) -> HttpResponse:
    """Every school the person reads, with its reviews (the central team and trustees)."""
    access = access_for(request.user)
    if not rules.reads_overview(access):
        raise Http404("No such page")
    year = selectors.current_year(trust_id=trust_id_of(request.user))
    clusters = list(trust_clusters(trust=trust_of(request.user)))
    cluster_id = _cluster_id(request.GET.get("cluster"), {c.pk for c in clusters})
    statuses = [
        (NO_REVIEW, f"No review planned for {year}" if year else "No review"),
        *Review.Status.choices,
    ]
    status = request.GET.get("status", "")
    status = status if status in dict(statuses) else ""
    query = request.GET.get("q", "").strip()[:100]
    rows: list[OverviewRow] = selectors.review_overview(
        user=request.user, year=year, cluster_id=cluster_id, status=status, query=query
    )
    table = RowTable(
        request, columns=COLUMNS, rows=rows, default_sort="school", filename="partnership-reviews"
    )
    if table.wants_csv:
        return table.csv_response()
    context = {
        "table": table,
        "rows": table.rows,
        "year": year,
        "statuses": [(str(v), str(label)) for v, label in statuses],
        "status": status,
        "clusters": [(str(c.pk), c.name) for c in clusters],
        "cluster": str(cluster_id or ""),
        "query": query,
        "filtered": bool(cluster_id or status or query),
        "flagged": sum(1 for r in rows if r.flagged),
    }
    return render(request, "reviews/planning/overview.html", context)
