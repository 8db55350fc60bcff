"""The trust administrator's pages for feed tokens, and the feed's documentation page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from feed import selectors, services
from feed.api import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from feed.forms import ConfirmForm, IssueForm
from feed.models import View
from feed.tables import TABLES
from fht.decorators import trust_member_required
from fht.forms import add_service_error, form_page, posted
from fht.tables import Column, Table
from fht.tenancy import trust_id_of
from fht.types import AuthenticatedRequest

GET_POST = require_http_methods(["GET", "POST"])
USES_PER_PAGE = 50

USE_COLUMNS = [
    Column("at", "When", order_by="at", value=lambda u: u.at.isoformat(timespec="seconds")),
    Column("table", "Table", order_by="table"),
    Column("format", "Format", order_by="format"),
    Column("query", "Query string"),
    Column("rows", "Rows", order_by="rows", numeric=True),
    Column("status", "Status", order_by="status", numeric=True),
    Column("ip", "IP address"),
]


@trust_member_required
def token_list(request: AuthenticatedRequest) -> HttpResponse:
    tokens = list(selectors.token_list(user=request.user))
    context = {"tokens": tokens, "can_manage": selectors.can_manage_tokens(request.user)}
    return render(request, "feed/token_list.html", context)


@trust_member_required
@GET_POST
def token_issue(request: AuthenticatedRequest) -> HttpResponse:
    if not selectors.can_manage_tokens(request.user):
        raise Http404("Not a page of yours")
    form = IssueForm(posted(request), views=selectors.views_for(request.user))
    if form.is_bound and form.is_valid():
        try:
            issued = services.token_issue(
                trust_id=trust_id_of(request.user),
                name=form.cleaned_data["name"],
                view=form.cleaned_data["view"],
                acting_user=request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            # The secret is in this response only: it is stored nowhere, so never shown again.
            response = render(request, "feed/token_secret.html", {"issued": issued})
            response["Cache-Control"] = "no-store"
            return response
    return form_page(request, "feed/token_issue.html", {"form": form}, bound=form.is_bound)


@trust_member_required
@GET_POST
def token_revoke(request: AuthenticatedRequest, token_id: int) -> HttpResponse:
    token = selectors.access_token(request.user, token_id, manage=True)
    form = ConfirmForm(posted(request))
    if form.is_bound and form.is_valid() and not token.is_revoked:
        services.token_revoke(token=token, acting_user=request.user)
        messages.success(
            request, f"“{token.name}” is revoked: the next request with it is refused."
        )
        return redirect("feed:token_list")
    context = {"token": token, "form": form}
    return form_page(request, "feed/token_revoke.html", context, bound=form.is_bound)


@trust_member_required
def token_uses(request: AuthenticatedRequest, token_id: int) -> HttpResponse:
    token = selectors.access_token(request.user, token_id)
    table = Table(
        request,
        columns=USE_COLUMNS,
        rows=selectors.token_uses(token=token),
        default_sort="at",
        filename=f"feed-token-{token.key_prefix}-uses",
    )
    if "dir" not in request.GET and request.GET.get("sort") in (None, "at"):
        table.descending = True
        table.rows = table.rows.reverse()
    if table.wants_csv:
        return table.csv_response()
    page = Paginator(table.rows, USES_PER_PAGE).get_page(request.GET.get("page"))
    context = {"token": token, "table": table, "page": page, "query": _without_page(request)}
    return render(request, "feed/token_uses.html", context)


def _without_page(request: AuthenticatedRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@trust_member_required
def docs(request: AuthenticatedRequest) -> HttpResponse:
    if not selectors.can_read_tokens(request.user):
        raise Http404("Not a page of yours")
    base = request.build_absolute_uri("/feed/v1/")
    context = {
        "tables": TABLES.values(),
        "views": View,
        "base": base,
        "default_page_size": DEFAULT_PAGE_SIZE,
        "max_page_size": MAX_PAGE_SIZE,
        "can_manage": selectors.can_manage_tokens(request.user),
    }
    return render(request, "feed/docs.html", context)
