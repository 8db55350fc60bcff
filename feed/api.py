"""The feed's endpoints: /feed/v1/<table>.json and .csv, for Power BI, Excel or a script.

Authentication is the token alone (`Authorization: Bearer <token>`, or HTTP Basic with the token
as the password), never the session. The token is looked up by its hash first, unscoped; every
query after that runs inside the token's trust scope. Nothing about the token is cached, so a
revoked token is refused on the very next request.
"""

import base64
import binascii
import csv
import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from feed.models import FeedToken
from feed.services import token_for_secret, use_record
from feed.tables import TABLES, Col, FeedTable, Value
from fht.auth import client_ip
from fht.tables import csv_safe
from fht.tenancy import trust_scope

DEFAULT_PAGE_SIZE = 500
MAX_PAGE_SIZE = 5000
PARAMS = ("page_size", "after", "updated_since")
FORMATS = ("json", "csv")
_WHOLE = re.compile(r"[0-9]{1,18}")
CHALLENGE = 'Bearer realm="feed", Basic realm="feed"'


class BadRequest(Exception):
    pass


@dataclass(frozen=True)
class Query:
    page_size: int
    after: int
    since: dt.datetime | None


def _secret(request: HttpRequest) -> str:
    header = request.headers.get("Authorization", "").strip()
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer":
        return value.strip()
    if scheme.lower() == "basic":
        try:
            decoded = base64.b64decode(value.strip(), validate=True).decode()
        except (binascii.Error, UnicodeDecodeError, ValueError):
            return ""
        user, _, password = decoded.partition(":")
        return password or user  # Excel may put the key in either box
    return ""


def _unauthorised(message: str) -> HttpResponse:
    response = JsonResponse({"error": message}, status=401)
    response["WWW-Authenticate"] = CHALLENGE
    response["Cache-Control"] = "no-store"
    return response


def _whole(name: str, raw: str, low: int, high: int) -> int:
    if not _WHOLE.fullmatch(raw) or not low <= int(raw) <= high:
        raise BadRequest(f"{name} must be a whole number from {low} to {high}.")
    return int(raw)


def _since(raw: str) -> dt.datetime:
    message = (
        "updated_since must be an ISO 8601 date or date and time, for example 2026-09-01 or "
        "2026-09-01T08:00:00Z."
    )
    text = raw.strip()
    if not 10 <= len(text) <= 35:
        raise BadRequest(message)
    try:
        if len(text) == 10:
            day = dt.date.fromisoformat(text)
            when = dt.datetime.combine(day, dt.time.min)
        else:
            when = dt.datetime.fromisoformat(text)
        if timezone.is_naive(when):
            when = timezone.make_aware(when)
        return when.astimezone(dt.UTC)
    except (ValueError, OverflowError):
        raise BadRequest(message) from None


def parse_query(params: Any) -> Query:
    unknown = sorted(set(params) - set(PARAMS))
    if unknown:
        raise BadRequest(
            f"Unknown parameter {unknown[0]!r}: use {', '.join(PARAMS)} (see the feed's page)."
        )
    for name in PARAMS:
        if len(params.getlist(name)) > 1:
            raise BadRequest(f"Give {name} once.")
    page_size = DEFAULT_PAGE_SIZE
    if "page_size" in params:
        page_size = _whole("page_size", params["page_size"], 1, MAX_PAGE_SIZE)
    after = _whole("after", params["after"], 0, 2**63 - 1) if "after" in params else 0
    since = _since(params["updated_since"]) if "updated_since" in params else None
    return Query(page_size=page_size, after=after, since=since)


def _json_value(value: Value) -> object:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def _csv_value(value: Value) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return csv_safe(value)


@dataclass(frozen=True)
class Page:
    rows: list[Any]
    count: int
    next_after: int | None


def read_page(table: FeedTable, query: Query) -> Page:
    """One page in primary-key order: a count and one select, whatever the page size."""
    rows = table.rows()
    if query.since is not None:
        rows = table.since(rows, query.since)
    count = rows.count()
    found = list(rows.filter(pk__gt=query.after).order_by("pk")[: query.page_size + 1])
    more = len(found) > query.page_size
    found = found[: query.page_size]
    return Page(rows=found, count=count, next_after=found[-1].pk if more and found else None)


def _next_url(request: HttpRequest, page: Page) -> str | None:
    if page.next_after is None:
        return None
    params = request.GET.copy()
    params["after"] = str(page.next_after)
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


def _json(request: HttpRequest, columns: list[Col], page: Page) -> HttpResponse:
    data = [{c.name: _json_value(c.get(row)) for c in columns} for row in page.rows]
    body = {"data": data, "next": _next_url(request, page), "count": page.count}
    return JsonResponse(body, json_dumps_params={"ensure_ascii": False})


def _csv(request: HttpRequest, table: FeedTable, columns: list[Col], page: Page) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    # An attachment, like every file the product hands over: Power BI's and Excel's "From Web"
    # (Power Query's Web.Contents), curl and scripts read the body and ignore the disposition;
    # only a browser opening the URL saves it instead of showing it.
    response["Content-Disposition"] = f'attachment; filename="{table.key}.csv"'
    response.write("\ufeff")  # so Excel reads the file as UTF-8
    writer = csv.writer(response)
    writer.writerow([c.name for c in columns])
    for row in page.rows:
        writer.writerow([_csv_value(c.get(row)) for c in columns])
    if (url := _next_url(request, page)) is not None:
        response["Link"] = f'<{url}>; rel="next"'
    response["X-Total-Count"] = str(page.count)
    return response


def _error(fmt: str, status: int, message: str) -> HttpResponse:
    if fmt == "csv":
        return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")
    return JsonResponse({"error": message}, status=status)


def _serve(
    request: HttpRequest, token: FeedToken, table_key: str, fmt: str
) -> tuple[HttpResponse, int]:
    table = TABLES.get(table_key)
    if table is None or fmt not in FORMATS:
        names = ", ".join(f"{k}.json" for k in TABLES)
        return _error(fmt, 404, f"No such table. The feed has: {names} (and .csv)."), 0
    try:
        query = parse_query(request.GET)
    except BadRequest as error:
        return _error(fmt, 400, str(error)), 0
    page = read_page(table, query)
    columns = table.columns_for(token.view)
    if fmt == "csv":
        return _csv(request, table, columns, page), len(page.rows)
    return _json(request, columns, page), len(page.rows)


@csrf_exempt  # no session, no cookie: the token is the credential, and only GET is allowed
@require_safe
def table_view(request: HttpRequest, table: str, fmt: str) -> HttpResponse:
    token = token_for_secret(_secret(request))
    if token is None:
        return _unauthorised("Send a feed token: Authorization: Bearer <token>.")
    with trust_scope(token.trust_id):
        if token.is_revoked:
            response, rows = _unauthorised("This feed token has been revoked."), 0
        else:
            response, rows = _serve(request, token, table, fmt)
        use_record(
            token=token,
            table=table,
            fmt=fmt,
            query=request.META.get("QUERY_STRING", ""),
            rows=rows,
            status=response.status_code,
            ip=client_ip(request),
        )
    response["Cache-Control"] = "private, no-store"
    return response
