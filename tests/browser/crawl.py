"""The crawl: a demo person signs in and follows every link from their home page, one page of each
kind; the browser renders, and axe-core checks, each kind once per run of the two crawl files
(tests/browser/test_crawl_*.py)."""

import html
import os
import re
import tempfile
from collections import Counter
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from django.urls import resolve
from django.urls.exceptions import Resolver404

DEMO_SIGN_INS = {
    "CEO": "ceo@skylark.example",
    "Deputy CEO": "deputy.ceo@skylark.example",
    "Director of QA": "director.mansfield@skylark.example",
    "CPD lead": "cpd.lead@skylark.example",
    "Lead practitioner": "lead.practitioner@skylark.example",
    "System leader": "sle@skylark.example",
    "Head teacher": "head.ravensdale-primary-academy@skylark.example",
    "Executive head": "exec.head@skylark.example",
    "Chair of governors": "chair.ravensdale-primary-academy@skylark.example",
    "Governor": "governor.ravensdale-primary-academy@skylark.example",
    "Trustee": "trustee@skylark.example",
    "Trust administrator": "admin@skylark.example",
    "Other trust's CEO": "ceo@harbour.example",
}
# Every kind of page once per role, reached by its links and answered; rendered and checked by
# axe-core by the first role of the crawl that reaches it.
PER_KIND = 1
# Downloads (a CSV, its template, a PDF: links marked `download` are not followed either), sign-in
# pages, the platform admin and re-sorted copies of a page.
NOT_FOLLOWED = re.compile(
    r"format=csv|[?&]csv=|\.(pdf|csv)$|/template/$|/accounts/|/admin/|[?&](sort|dir)="
)


HREF = re.compile(r'<a\b[^>]*\bhref="([^"]+)"')


class Checked(set[str]):
    """The kinds of page already rendered and checked by the crawl, shared by the two crawl files
    of one test run (pytest-xdist runs them in two processes): a kind is claimed by creating a
    file named after it, which only one process can do, so the browser and axe-core meet each
    kind once in the run, in whichever half reaches it first."""

    def __init__(self) -> None:
        super().__init__()
        run = os.environ.get("PYTEST_XDIST_TESTRUNUID")
        self.folder = os.path.join(tempfile.gettempdir(), f"fht-crawl-{run}") if run else None
        if self.folder:
            os.makedirs(self.folder, exist_ok=True)

    def claim(self, name: str) -> bool:
        """True if this crawl is the first of the run to reach the kind (and must render it)."""
        if name in self:
            return False
        self.add(name)
        if self.folder is None:
            return True
        try:
            os.close(os.open(os.path.join(self.folder, name), os.O_CREAT | os.O_EXCL))
        except FileExistsError:
            return False
        return True


def crawl(
    session: Any,
    on_page: Callable[[Any, str], None] | None = None,
    checked: set[str] | None = None,
) -> Counter[str]:
    """Visit every page reachable from home by links, at most PER_KIND pages of each URL name,
    axe-core checking each (Session.goto); `on_page(page, path)` adds a check of its own.

    `checked`, shared by the roles of one crawl (a `Checked`: by the two crawl files of the run),
    holds the kinds of page already rendered and checked: another role reads such a page over HTTP
    only (its status, one h1, its links), so the browser and axe-core meet each kind of page once
    while every role still reaches, and is answered on, every page it can. Each role's home page
    is always rendered."""
    checked = set() if checked is None else checked
    seen: set[str] = set()
    kinds: Counter[str] = Counter()
    queue = ["/"]
    while queue:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        try:
            name = resolve(urlsplit(path).path).view_name or ""
        except Resolver404:
            raise AssertionError(f"a link goes nowhere: {path}") from None
        if kinds[name] >= PER_KIND:
            continue
        kinds[name] += 1
        claimed = checked.claim(name) if isinstance(checked, Checked) else name not in checked
        if not claimed and name != "home":
            response = session.page.request.get(session.base_url + path)
            assert response.status == 200, f"{path} linked but answers {response.status}"
            body = response.text()
            assert body.count("<h1") == 1, f"{path} must have one h1"
            hrefs = [html.unescape(href) for href in HREF.findall(body)]
        else:
            checked.add(name)
            page = session.goto(path)
            assert page.locator("h1").count() == 1, f"{path} must have one h1"
            status = page.evaluate("document.title")
            assert "Page not found" not in status, f"{path} linked but not found"
            if on_page is not None:
                on_page(page, path)
            hrefs = page.eval_on_selector_all(
                "main a[href]:not([download]), nav a[href]:not([download])",
                "els => els.map(e => e.getAttribute('href'))",
            )
        for href in hrefs:
            if href.startswith("/") and not NOT_FOLLOWED.search(href) and href not in seen:
                queue.append(href.split("#")[0])
    return kinds


# The crawl's two halves, each in its own file so that pytest-xdist runs them side by side.
TRUST_ROLES = (
    "CEO",
    "Deputy CEO",
    "Director of QA",
    "CPD lead",
    "Lead practitioner",
    "System leader",
    "Trust administrator",
)
SCHOOL_ROLES = (
    "Head teacher",
    "Executive head",
    "Chair of governors",
    "Governor",
    "Trustee",
    "Other trust's CEO",
)


def crawl_as(session_factory: Any, roles: tuple[str, ...]) -> None:
    checked = Checked()
    for who in roles:
        session = session_factory()
        session.sign_in(DEMO_SIGN_INS[who])
        assert session.page.url.endswith("/"), f"{who}: signed in, lands on their home page"
        kinds = crawl(session, checked=checked)
        assert kinds["home"] == 1, who
        assert kinds["schools:list"] == 1, who
