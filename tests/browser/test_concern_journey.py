"""Issue 11's concern journey, in a real browser, with the accessibility check on every page.

As the CEO of the demo trust: find the school in the procedure at level 2 on the list of cases,
see the steps it still lacks, have the letter to the chair made and download it, record sharing
the concerns with the chair and the letter's sending, and see the level's steps complete. As the
school's head, get 404 on the case.
"""

from typing import Any

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled
from playwright.sync_api import Page, expect

from risk.models import ConcernCase

pytestmark = pytest.mark.django_db(transaction=True)

CEO = "ceo@skylark.example"


def _submit(session: Any, name: str) -> Page:
    page: Page = session.page
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state()
    session.check()
    return page


def _record(session: Any, kind: str, note: str) -> Page:
    page: Page = session.page
    today = timezone.localdate()
    page.select_option("#step_kind", kind)
    page.fill("#step_done_on_0", str(today.day))
    page.fill("#step_done_on_1", str(today.month))
    page.fill("#step_done_on_2", str(today.year))
    page.fill("#step_note", note)
    return _submit(session, "Record the step")


def test_the_ceo_works_through_level_2(demo: None, session_factory: Any) -> None:
    with scopes_disabled():
        case = ConcernCase.objects.select_related("school").get(trust__slug="skylark")
    ceo = session_factory()
    ceo.sign_in(CEO)
    page = ceo.goto("/risk/concern/")
    page.get_by_role("link", name=case.school.name).click()
    ceo.check()
    expect(page.locator("h1")).to_have_text("Concern case: level 2")
    missing = page.locator("#missing-steps")
    expect(missing).to_contain_text("Concerns shared with the chair of governors")
    expect(missing).to_contain_text("Letter to the chair of governors sent")

    page.locator("form[action$='/letters/chair/make/'] button").click()
    page.wait_for_load_state()
    ceo.check()
    download = page.get_by_role("link", name="Download the letter to the chair of governors (PDF)")
    response = page.request.get(ceo.base_url + (download.get_attribute("href") or ""))
    assert response.status == 200 and response.body().startswith(b"%PDF")

    _record(ceo, "shared_with_chair", "Met the chair of governors with the head teacher.")
    expect(page.locator("#missing-steps")).not_to_contain_text("Concerns shared")
    _record(ceo, "chair_letter_sent", "Emailed to the chair of governors.")
    expect(page.get_by_text("Every step level 2 requires has been recorded.")).to_be_visible()

    head = session_factory()
    slug = case.school.name.lower().replace(" ", "-")
    head.sign_in(f"head.{slug}@skylark.example")
    response = head.page.goto(f"{head.base_url}/risk/concern/{case.pk}/")
    assert response is not None and response.status == 404
