"""The audit trail's one page: read only (there is no page that changes or deletes a row)."""

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from audit import selectors
from audit.forms import EventFilterForm
from audit.models import AuditEvent
from fht.decorators import trust_member_required
from fht.tables import Column, Table
from fht.types import AuthenticatedRequest

PER_PAGE = 50


def _when(event: AuditEvent) -> str:
    return event.at.isoformat(timespec="seconds")


COLUMNS = [
    Column("at", "When", order_by="at", value=_when),
    Column("kind", "What happened", order_by="kind", value=lambda e: e.get_kind_display()),
    Column("name", "Person", order_by="name"),
    Column("email", "Email", order_by="email"),
    Column("what", "Details"),
    Column("status", "Status", numeric=True),
    Column("ip", "IP address"),
    Column("user_agent", "Browser"),
]


@require_GET
@trust_member_required
def events(request: AuthenticatedRequest) -> HttpResponse:
    form = EventFilterForm(request.GET if _filtering(request) else None)
    valid = not form.is_bound or form.is_valid()
    filters = selectors.Filters(**form.cleaned_data) if form.is_bound and valid else None
    rows = selectors.event_list(user=request.user, filters=filters or selectors.Filters())
    if not valid:
        rows = rows.none()
    table = Table(request, columns=COLUMNS, rows=rows, default_sort="at", filename="audit-trail")
    if "dir" not in request.GET and request.GET.get("sort") in (None, "at"):
        table.descending = True
        table.rows = table.rows.reverse()
    if valid and table.wants_csv:
        return table.csv_response()
    page = Paginator(table.rows, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "table": table,
        "page": page,
        "query": _without_page(request),
        "filtered": form.is_bound,
    }
    return render(request, "audit/events.html", context, status=200 if valid else 400)


_FILTER_NAMES = (
    "kind",
    "person",
    *(f"{date}_{part}" for date in ("date_from", "date_to") for part in ("day", "month", "year")),
)


def _filtering(request: AuthenticatedRequest) -> bool:
    """Filters were sent (the form is then checked); a bare page, a sort or a page number is not."""
    return any(name in request.GET for name in _FILTER_NAMES)


def _without_page(request: AuthenticatedRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
