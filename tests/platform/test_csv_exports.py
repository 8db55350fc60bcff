"""Every CSV the product makes is safe to open in a spreadsheet.

Formula-looking text is planted in every free-text field of every tenant model (and in people's
names and job titles), found from the models themselves so a new model is covered without being
listed here. Then every page the permission matrix knows is fetched as a role that reads it; every
link on it that asks for a CSV, the page itself with `?format=csv`, and every table of the data
feed are downloaded, and no cell may start like a formula (=, +, -, @, tab, CR) unless it is a
plain number or starts with the neutralising apostrophe (fht.tables.csv_safe).
"""

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from django.apps import apps
from django.db import models
from django.http.response import HttpResponseBase
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from cycle.models import CycleMeeting
from feed.models import View
from feed.services import Issued, token_issue
from feed.tables import TABLES
from fht.models import TenantModelBase, User
from fht.roles import Role
from fht.tables import csv_safe
from imports.models import GiasRecord
from tests.conftest import World
from tests.feed.world import _school_rows
from tests.matrix import Case
from tests.platform.test_permission_matrix import MATRIX, _expected
from tests.platform.world import build_full_world

pytestmark = pytest.mark.django_db

# What people type, as a spreadsheet would run it. Each planted field gets one, before its value.
PAYLOADS = ('=HYPERLINK("http://x","y") ', "+cmd ", "-2+3 ", "@SUM(A1) ")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?")
# Who fetches a page: the first of these the matrix lets in.
READERS = [Role.CEO, Role.TRUST_ADMIN, Role.QA_DIRECTOR, Role.HEAD_TEACHER, *Role]
# Text fields that are codes the code itself reads or matches, not text a person types: planting a
# formula there would break the page rather than test the CSV.
CODE_FIELDS = {
    "password",
    "kind",  # fht.Job / ImportRecord: the registered job or import kind
    "sha256",
    "encoding",
    "key_prefix",
    "key_hash",
    "table",  # feed.FeedUse: the feed table's key
    "format",
    "criterion",  # risk.Judgement: the key of a growth criterion
    "judgement",  # reviews.AreaRecord: a judgement key
    "urn",
    "old_urn",
    "new_urn",
    "establishment_number",
    "dfe_group_id",
    "group_uid",
}
# The CSV downloads the crawl finds today (lists' "Download as CSV", every dashboard and agenda
# table, the uploads' templates, the plans' exports, each feed table): it must find at least this
# many, so it cannot pass by finding none. Lower it only when a download is removed.
KNOWN_CSVS = 93


def planted_fields() -> "Iterator[tuple[type[models.Model], list[models.Field[Any, Any]]]]":
    """Every free-text field of every tenant model, and of people."""
    for model in apps.get_models():
        if not (issubclass(model, TenantModelBase) or model is User):
            continue
        fields = [
            f
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField)
            and not isinstance(f, models.EmailField | models.URLField | models.SlugField)
            and not f.choices
            and not f.unique
            and f.name not in CODE_FIELDS
        ]
        if fields:
            yield model, fields


def plant_formulas() -> int:
    """Puts a formula before the value of every planted field of every row; the number of cells."""
    planted = 0
    with scopes_disabled():
        for model, fields in planted_fields():
            rows = list(model._default_manager.all())
            for row in rows:
                for i, f in enumerate(fields):
                    value = getattr(row, f.attname) or ""
                    text = PAYLOADS[(row.pk + i) % len(PAYLOADS)] + value
                    setattr(row, f.attname, text[: f.max_length] if f.max_length else text)
                    planted += 1
            model._default_manager.bulk_update(rows, [f.name for f in fields])
    return planted


def unsafe_cells(text: str) -> list[str]:
    """The cells of a CSV a spreadsheet would run as a formula."""
    return [
        cell
        for row in csv.reader(io.StringIO(text.removeprefix("\ufeff")))
        for cell in row
        if cell.startswith(FORMULA_START) and not PLAIN_NUMBER.fullmatch(cell)
    ]


def neutralised_cells(text: str) -> int:
    return sum(
        cell.startswith("'") and cell[1:].startswith(FORMULA_START)
        for row in csv.reader(io.StringIO(text.removeprefix("\ufeff")))
        for cell in row
    )


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.hrefs.extend(v for k, v in attrs if k == "href" and v)


def csv_links(page_url: str, html: str) -> list[str]:
    """The links of a page that ask for a CSV, as paths of this site."""
    parser = _Links()
    parser.feed(html)
    found = []
    for href in parser.hrefs:
        url = urljoin(page_url, href)
        parts = urlsplit(url)
        if parts.netloc and parts.netloc != "testserver":
            continue
        if (
            "format=csv" in parts.query
            or "csv=" in parts.query
            or parts.path.endswith(".csv")
            or "table=" in parts.query
        ):
            found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


@dataclass
class Crawl:
    world: World
    pages: dict[str, tuple[str, str]]  # URL name: (URL, who reads it)
    feed_secret: str
    planted: int
    checked: dict[str, int] = field(default_factory=dict)


def _reader(case: Case) -> str | None:
    for role in READERS:
        if _expected(case, role.value, "in") == 200:
            return role.value
    return None


@pytest.fixture(scope="module")
def crawl(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> Iterator[Crawl]:
    from django.db import connection, transaction

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic._from_testcase = True  # type: ignore[attr-defined]
        atomic.__enter__()
        try:
            world = build_full_world()
            pages = {}
            for name, case in MATRIX.items():
                if case.method != "get" or case.public or case.ok != 200:
                    continue
                actor = _reader(case)
                if actor is None:
                    continue
                kwargs = case.kwargs(world, "in") if case.kwargs else None
                pages[name] = (reverse(name, kwargs=kwargs), actor)
            issued = _add_rows_the_world_lacks(world)
            planted = plant_formulas()
            pages["feed:token_uses (the crawl's token)"] = (
                reverse("feed:token_uses", kwargs={"token_id": issued.token.pk}),
                Role.TRUST_ADMIN.value,
            )
            # Each kind of meeting has its own agenda table (cycle/views/csv.py): one of each.
            with scopes_disabled():
                for meeting in CycleMeeting.objects.filter(trust=world.trust).order_by(
                    "kind", "pk"
                ):
                    pages.setdefault(
                        f"cycle:detail ({meeting.kind})",
                        (reverse("cycle:detail", args=[meeting.pk]), Role.CEO.value),
                    )
            yield Crawl(world=world, pages=pages, feed_secret=issued.secret, planted=planted)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            connection.close()


def _add_rows_the_world_lacks(world: World) -> Issued:
    """Rows with free text that reach a CSV but the matrix's world does not make: statutory
    results, inspections and category decisions (tests/feed/world.py), a GIAS record, and a feed
    token that has been used once."""
    assert world.year is not None
    with scopes_disabled():
        for school in (world.s1, world.s3):
            _school_rows(school, world.year)
        GiasRecord.objects.create(
            trust=world.trust, school=world.s1, status="Open", establishment_type="Academy"
        )
        issued = token_issue(
            trust_id=world.trust.pk,
            name="Power BI",
            view=View.CEO,
            acting_user=world.person(Role.CEO),
        )
    headers = {"Authorization": f"Bearer {issued.secret}"}
    assert Client().get("/feed/v1/schools.csv", headers=headers).status_code == 200
    return issued


def _is_csv(response: HttpResponseBase) -> bool:
    return str(response.get("Content-Type", "")).startswith("text/csv")


def test_the_check_catches_a_formula_and_spares_numbers_and_neutralised_cells() -> None:
    text = '\ufeffName,Figure\r\n=HYPERLINK("x"),-2.5\r\n\'+cmd,@SUM(A1)\r\n-2+3,\tx\r\n'
    assert unsafe_cells(text) == ['=HYPERLINK("x")', "@SUM(A1)", "-2+3", "\tx"]
    assert neutralised_cells(text) == 1


def test_a_cell_that_is_not_text_is_checked_as_the_text_it_is_written_as() -> None:
    class Named:
        def __str__(self) -> str:
            return "+cmd North cluster"

    assert csv_safe(Named()) == "'+cmd North cluster"
    assert csv_safe("@SUM(A1)") == "'@SUM(A1)"
    assert csv_safe("North cluster") == "North cluster"
    assert [csv_safe(v) for v in (-2, Decimal("-2.5"), None, dt.date(2026, 1, 5))] == [
        -2,
        Decimal("-2.5"),
        None,
        dt.date(2026, 1, 5),
    ]


def test_every_free_text_field_of_every_tenant_model_is_planted() -> None:
    planted = {f"{m._meta.label}.{f.name}" for m, fs in planted_fields() for f in fs}
    # A sample across apps: a new model's text fields are found the same way.
    assert {
        "schools.School.name",
        "schools.Cluster.name",
        "fht.User.full_name",
        "fht.User.job_title",
        "fht.ImportRecord.file_name",
        "isap.Action.what",
        "qa_visits.VisitSection.notes",
        "cycle.Decision.text",
        "reviews.Review.trust_impact",
        "feed.FeedToken.name",
    } <= planted


def test_every_csv_is_safe_in_a_spreadsheet(crawl: Crawl) -> None:
    clients: dict[str, Client] = {}
    problems: list[str] = []
    neutralised = 0
    fetched: set[str] = set()

    def check(url: str, text: str) -> None:
        nonlocal neutralised
        crawl.checked[url] = len(text)
        bad = unsafe_cells(text)
        if bad:
            problems.append(f"{url}: {bad[:3]}")
        neutralised += neutralised_cells(text)

    def fetch_csv(url: str, client: Client) -> None:
        if url in fetched:
            return
        fetched.add(url)
        response = client.get(url)
        if response.status_code == 200 and _is_csv(response):
            check(url, response.content.decode("utf-8"))

    for name, (url, actor) in sorted(crawl.pages.items()):
        client = clients.get(actor)
        if client is None:
            client = clients[actor] = Client()
            client.force_login(crawl.world.person(actor))
        response = client.get(url)
        assert response.status_code == 200, f"{actor} on {name}: {url}"
        if _is_csv(response):
            fetched.add(url)
            check(url, response.content.decode("utf-8"))
            continue
        if response.streaming or not response.get("Content-Type", "").startswith("text/html"):
            continue
        for link in csv_links(url, response.content.decode()):
            fetch_csv(link, client)
        fetch_csv(url + ("&" if "?" in url else "?") + "format=csv", client)

    anonymous = Client()
    for key in TABLES:
        url = f"/feed/v1/{key}.csv"
        response = anonymous.get(
            url, {"page_size": 1000}, headers={"Authorization": f"Bearer {crawl.feed_secret}"}
        )
        assert response.status_code == 200, url
        check(url, response.content.decode("utf-8"))

    print(f"{len(crawl.checked)} CSVs checked, {neutralised} planted cells neutralised")
    assert not problems, "CSV cells a spreadsheet would run:\n" + "\n".join(problems)
    assert len(crawl.checked) >= KNOWN_CSVS, sorted(crawl.checked)
    # The planted text did reach the CSVs (the check is not passing on empty files).
    assert neutralised >= 300, neutralised
