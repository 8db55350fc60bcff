"""Journeys a person would make, in a real browser, with the accessibility check on every page."""

from typing import Any

import pytest

from tests.browser.crawl import DEMO_SIGN_INS, crawl

pytestmark = pytest.mark.django_db(transaction=True)

TABLET_SEEN: set[str] = set()


def test_phone_sized_window(demo: None, session_factory: Any) -> None:
    # axe-core checks each path once at this size (the sign-in page is the same for everyone);
    # each role's own pages are checked by the crawl.
    seen: set[str] = set()
    for who, email in DEMO_SIGN_INS.items():
        session = session_factory(width=320, height=640)
        session.axe_seen = seen
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
    session.axe_seen = TABLET_SEEN  # a path both crawls reach is checked by axe-core once
    session.sign_in(DEMO_SIGN_INS[who])
    crawl(session, on_page=_no_sideways_scroll)


def _no_sideways_scroll(page: Any, path: str) -> None:
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{path} scrolls sideways by {overflow} px on a tablet"


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
