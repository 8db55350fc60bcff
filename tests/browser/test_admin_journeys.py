"""The trust administrator's journey: add a school, invite a person, give them a role; and the
invited person sets a password and signs in. Once with the mouse, once with the keyboard alone."""

import re
from typing import Any

import pytest
from django.core import mail
from playwright.sync_api import Page

from tests.browser.crawl import DEMO_SIGN_INS

pytestmark = pytest.mark.django_db(transaction=True)

NEW_PASSWORD = "a-long-new-password-for-jo"


def _accept_invitation(session: Any, email: str) -> None:
    invitations = [m for m in mail.outbox if email in m.to]
    assert len(invitations) == 1, "exactly one invitation email"
    link = re.search(r"https?://[^/\s]+(/accounts/password-reset/\S+/)", invitations[0].body)
    assert link, invitations[0].body
    page = session.goto(link.group(1))
    page.fill("#id_new_password1", NEW_PASSWORD)
    page.fill("#id_new_password2", NEW_PASSWORD)
    page.get_by_role("button").filter(has_text=re.compile("password", re.I)).click()
    session.check()


def test_administrator_adds_a_school_and_a_person_with_a_role(
    demo: None, session_factory: Any
) -> None:
    admin = session_factory()
    admin.sign_in(DEMO_SIGN_INS["Trust administrator"])
    page = admin.page

    page.get_by_role("link", name="Schools", exact=True).click()
    page.get_by_role("button", name="Add a school").click()
    admin.check()
    page.fill("#id_urn", "12345")  # one digit short
    page.fill("#id_name", "Newfield Primary Academy")
    page.click("main button[type=submit]")
    admin.check()
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    summary.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.id") == "id_urn"
    assert page.input_value("#id_name") == "Newfield Primary Academy"  # what was typed is kept
    page.fill("#id_urn", "151999")
    page.select_option("#id_cluster", label="Derbyshire")
    page.fill("#id_local_authority", "Derbyshire")
    page.click("main button[type=submit]")
    admin.check()
    assert page.locator("h1").inner_text().startswith("Newfield Primary Academy")

    page.get_by_role("link", name="People and roles").click()
    page.get_by_role("button", name="Invite a person").click()
    admin.check()
    page.fill("#id_full_name", "Jo Newhead")
    page.fill("#id_email", "jo.newhead@skylark.example")
    page.fill("#id_job_title", "Head teacher")
    page.click("main button[type=submit]")
    admin.check()
    assert page.locator("h1").inner_text().startswith("Jo Newhead")

    page.get_by_role("button", name="Give a role").click()
    admin.check()
    page.select_option("#id_role", label="Head teacher")
    page.select_option("#id_school", label="Newfield Primary Academy")
    page.click("main button[type=submit]")
    admin.check()
    assert "Head teacher" in page.locator("main").inner_text()

    jo = session_factory()
    _accept_invitation(jo, "jo.newhead@skylark.example")
    jo.sign_in("jo.newhead@skylark.example", NEW_PASSWORD)
    assert "Head teacher, Newfield Primary Academy" in jo.page.locator("main").inner_text()
    jo.page.get_by_role("link", name="Newfield Primary Academy").first.click()
    jo.check()


def _tab_to(page: Page, target: str, limit: int = 80) -> None:
    """Press Tab until the element matching `target` (a CSS selector) has the focus."""
    for _ in range(limit):
        if page.evaluate(
            "sel => document.activeElement && document.activeElement.matches(sel)", target
        ):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"could not reach {target} with the Tab key")


def _choose(page: Page, select: str, label: str) -> None:
    """Pick an option of a focused select with the keyboard: arrow down until it is chosen."""
    _tab_to(page, select)
    for _ in range(40):
        chosen = page.evaluate(
            "s => { const e = document.querySelector(s); return e.options[e.selectedIndex].text }",
            select,
        )
        if chosen == label:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"no option {label!r} in {select}")


def _press_enter_and_wait(page: Page) -> None:
    with page.expect_navigation():
        page.keyboard.press("Enter")


def _type_into(page: Page, field: str, text: str) -> None:
    _tab_to(page, field)
    page.keyboard.type(text)


def test_administrator_journey_with_the_keyboard_alone(demo: None, session_factory: Any) -> None:
    admin = session_factory()
    page = admin.goto("/accounts/sign-in/")
    _type_into(page, "#id_username", DEMO_SIGN_INS["Trust administrator"])
    _type_into(page, "#id_password", "demo-school-improvement")
    _press_enter_and_wait(page)
    admin.check()

    # The skip link is the first thing the Tab key reaches, and it moves the focus to the content.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to main content"

    _tab_to(page, "a[href='/schools/']")
    _press_enter_and_wait(page)
    _tab_to(page, "a[href='/schools/add/']")
    _press_enter_and_wait(page)
    admin.check()
    _type_into(page, "#id_urn", "151998")
    _type_into(page, "#id_name", "Keyfield Primary Academy")
    _choose(page, "#id_cluster", "Derbyshire")
    _tab_to(page, "main button[type=submit]")
    _press_enter_and_wait(page)
    admin.check()
    assert page.locator("h1").inner_text().startswith("Keyfield Primary Academy")

    _tab_to(page, "a[href='/people/']")
    _press_enter_and_wait(page)
    _tab_to(page, "a[href='/people/invite/']")
    _press_enter_and_wait(page)
    _type_into(page, "#id_full_name", "Kim Keys")
    _type_into(page, "#id_email", "kim.keys@skylark.example")
    _tab_to(page, "main button[type=submit]")
    _press_enter_and_wait(page)
    admin.check()
    assert page.locator("h1").inner_text().startswith("Kim Keys")

    _tab_to(page, "a[href$='/roles/new/']")
    _press_enter_and_wait(page)
    _choose(page, "#id_role", "Governor")
    _choose(page, "#id_school", "Keyfield Primary Academy")
    _tab_to(page, "main button[type=submit]")
    _press_enter_and_wait(page)
    admin.check()
    assert "Governor" in page.locator("main").inner_text()
    assert "Keyfield Primary Academy" in page.locator("main").inner_text()
