"""Journeys a person would make, in a real browser, with the accessibility check on every page."""

import re
from collections import Counter
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.urls import resolve
from django.urls.exceptions import Resolver404

pytestmark = pytest.mark.django_db(transaction=True)

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
# Every kind of page once per role: thirteen roles between them meet each template with varied data.
PER_KIND = 1
NOT_FOLLOWED = re.compile(r"format=csv|\.pdf$|/accounts/|/admin/|[?&](sort|dir)=")


def _crawl(session: Any) -> Counter[str]:
    """Visit every page reachable from home by links, at most PER_KIND pages of each URL name."""
    seen: set[str] = set()
    kinds: Counter[str] = Counter()
    queue = ["/"]
    while queue:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        try:
            name = resolve(urlsplit(path).path).url_name or ""
        except Resolver404:
            raise AssertionError(f"a link goes nowhere: {path}") from None
        if kinds[name] >= PER_KIND:
            continue
        kinds[name] += 1
        page = session.goto(path)
        assert page.locator("h1").count() == 1, f"{path} must have one h1"
        status = page.evaluate("document.title")
        assert "Page not found" not in status, f"{path} linked but not found"
        for href in page.eval_on_selector_all(
            "main a[href], nav a[href]", "els => els.map(e => e.getAttribute('href'))"
        ):
            if href.startswith("/") and not NOT_FOLLOWED.search(href) and href not in seen:
                queue.append(href.split("#")[0])
    return kinds


# The demo is loaded once for all the roles (the crawl only reads), each role in its own browser
# context: loading it per role would cost more than the crawls.
def test_every_demo_role_visits_every_page_it_can_reach(demo: None, session_factory: Any) -> None:
    for who, email in DEMO_SIGN_INS.items():
        session = session_factory()
        session.sign_in(email)
        assert session.page.url.endswith("/"), f"{who}: signed in, lands on their home page"
        kinds = _crawl(session)
        assert kinds["home"] == 1, who
        assert kinds["school_list"] == 1, who


def test_phone_sized_window(demo: None, session_factory: Any) -> None:
    for who, email in DEMO_SIGN_INS.items():
        session = session_factory(width=320, height=640)
        session.sign_in(email)
        page = session.page
        # The menu folds away behind a button that opens it.
        toggle = page.get_by_role("button", name="Menu")
        assert toggle.is_visible(), who
        toggle.click()
        page.get_by_role("link", name="Schools").click()
        session.check()
        # Nothing but a table's own scroll area is wider than the screen.
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, who


@pytest.mark.parametrize("who", ["Director of QA", "Head teacher"])
def test_tablet_in_a_school(demo: None, session_factory: Any, who: str) -> None:
    """A director logging a visit on an iPad-sized screen, portrait: every page, no sideways scroll."""
    session = session_factory(width=768, height=1024)
    session.sign_in(DEMO_SIGN_INS[who])
    _crawl(session)
    overflow = session.page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0


def test_governor_gets_not_found_for_another_schools_page(demo: None, session_factory: Any) -> None:
    from django_scopes import scopes_disabled

    from schools.models import School

    with scopes_disabled():
        other = School.objects.get(urn="142133")  # Oakwood Lane: not the governor's school
        harbour = School.objects.get(urn="138877")  # a school of the other trust
    session = session_factory()
    session.sign_in(DEMO_SIGN_INS["Governor"])
    for school in (other, harbour):
        response = session.page.goto(f"{session.base_url}/schools/{school.pk}/")
        assert response is not None
        assert response.status == 404
        assert session.page.locator("h1").inner_text() == "Page not found"
        assert school.name not in session.page.content()
        session.check()


def test_governor_gets_the_permission_page_for_the_trusts_people(
    demo: None, session_factory: Any
) -> None:
    session = session_factory()
    session.sign_in(DEMO_SIGN_INS["Governor"])
    response = session.page.goto(f"{session.base_url}/people/")
    assert response is not None
    assert response.status == 403
    assert session.page.locator("h1").inner_text() == "You do not have access to this page"
    assert session.page.get_by_role("link", name="People and roles").count() == 0  # not in the menu
    session.check()
