"""Browser tests: Playwright driving Debian's Chromium against a live server on 127.0.0.1.

axe-core (from the npm registry, installed by `make setup`) checks every page a journey visits;
any violation fails the test. A failing test leaves a screenshot in var/browser-failures/.
"""

import json
import os
import shutil
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from tests.services import _in_ci

# pytest-django's live server and Playwright's sync API share the thread that runs the test.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
FAILURES = ROOT / "var" / "browser-failures"
DEMO_PASSWORD = "demo-school-improvement"
# Every page axe-core checked in this run: path -> (rules passed, rules needing a human look).
AXE_REPORT: dict[str, tuple[int, int]] = {}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


@cache
def _axe_source() -> str:
    return AXE.read_text()


def _require_browser() -> None:
    missing = []
    if not Path(CHROMIUM).exists() and not shutil.which(CHROMIUM):
        missing.append(f"Chromium at {CHROMIUM} (apt-get install chromium)")
    if not AXE.exists():
        missing.append("axe-core in node_modules (make setup)")
    if missing:
        reason = "browser tests need " + " and ".join(missing)
        if _in_ci():
            pytest.fail(reason)
        pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    _require_browser()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


class Session:
    """One person's browser tab, with the accessibility check on every page it lands on."""

    def __init__(self, context: BrowserContext, base_url: str) -> None:
        self.context = context
        self.page: Page = context.new_page()
        self.base_url = base_url
        self.checked: dict[str, int] = {}
        # Paths whose axe-core check another session of the same test already made at the same
        # window size (a journey that signs in as many people); None: every page is checked.
        self.axe_seen: set[str] | None = None
        self.errors: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def goto(self, path: str) -> Page:
        self.page.goto(self.base_url + path)
        self.check()
        return self.page

    def sign_in(self, email: str, password: str = DEMO_PASSWORD) -> None:
        self.goto("/accounts/sign-in/")
        self.page.fill("#id_username", email)
        self.page.fill("#id_password", password)
        self.page.click("button[type=submit]")
        self.page.wait_for_load_state()
        self.check()

    def check(self) -> None:
        """axe-core on the page as it is now; every violation fails, with what and where."""
        page = self.page
        # A click that navigates returns once the new page has committed, not loaded: wait for it.
        page.wait_for_load_state()
        path = page.url.removeprefix(self.base_url)
        if self.axe_seen is not None:
            if path in self.axe_seen:
                self._check_scripts(path)
                return
            self.axe_seen.add(path)
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            # Evaluated through the DevTools protocol, so the page's strict CSP stays on.
            page.evaluate(_axe_source())
        # Every rule runs; only violations list all their nodes (passes and rules needing a human
        # look are counted, which is all the report keeps): this halves the time axe takes.
        result: dict[str, Any] = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
            " resultTypes: ['violations']})",
            AXE_TAGS,
        )
        violations = [
            f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"]
        ]
        assert not violations, f"accessibility violations on {path}:\n" + "\n".join(violations)
        self._check_scripts(path)
        self.checked[path] = len(result["passes"])
        AXE_REPORT[path.split("?")[0]] = (len(result["passes"]), len(result["incomplete"]))

    def _check_scripts(self, path: str) -> None:
        """Nothing the Content-Security-Policy refused, and no inline script or handler."""
        page = self.page
        csp = [e for e in self.errors if "Content Security Policy" in e or "Refused to" in e]
        assert not csp, f"CSP refused something on {path}: {csp}"
        inline = page.evaluate(
            """() => [...document.querySelectorAll('script:not([src])')].filter(s => s.textContent.trim()).length
                 + [...document.querySelectorAll('*')].filter(e => [...e.attributes].some(a => a.name.startsWith('on'))).length"""
        )
        assert inline == 0, f"inline script or event handler on {path}"


@pytest.fixture
def session_factory(
    browser: Browser, live_server: Any, request: pytest.FixtureRequest
) -> Iterator[Any]:
    contexts: list[tuple[BrowserContext, Session]] = []

    def make(width: int = 1280, height: int = 900) -> Session:
        context = browser.new_context(viewport={"width": width, "height": height})
        session = Session(context, live_server.url)
        contexts.append((context, session))
        return session

    yield make
    failed = getattr(request.node, "rep_call", None)
    for i, (context, session) in enumerate(contexts):
        if failed is not None and failed.failed:
            FAILURES.mkdir(parents=True, exist_ok=True)
            session.page.screenshot(
                path=str(FAILURES / f"{request.node.name}-{i}.png"), full_page=True
            )
        context.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    if report.when == "call":
        item.rep_call = report  # type: ignore[attr-defined]
    return report


@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """This process's part of the list of pages axe-core checked; tests/conftest.py joins the
    parts of every pytest-xdist worker into var/axe-report.txt."""
    if AXE_REPORT:
        (ROOT / "var").mkdir(exist_ok=True)
        part = os.environ.get("PYTEST_XDIST_WORKER", "main")
        (ROOT / "var" / f"axe-report.{part}.json").write_text(
            json.dumps({"tags": AXE_TAGS, "pages": AXE_REPORT})
        )
