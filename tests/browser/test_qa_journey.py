"""Issue 4's acceptance journey, in a real browser, with the accessibility check on every page.

A Director of QA of the demo trust plans a visit, writes every section, submits it and reads the
proforma PDF; a governor of the school reads the visit and its proforma without the restricted
sections; a head of another school gets the not-found page on the visit's URL.
"""

import datetime as dt
import io
import re
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from qa_visits.sections import SECTIONS, SectionKey

pytestmark = pytest.mark.django_db(transaction=True)

DIRECTOR = "director.mansfield@skylark.example"
GOVERNOR = "governor.ravensdale-primary-academy@skylark.example"
OTHER_HEAD = "head.staveley-canal-academy@skylark.example"
SCHOOL = "Ravensdale Primary Academy"
STAFFING_NOTE = "Two teaching assistants leave in December; one teacher on a support plan."
HEAD_PM_NOTE = "Head's objective on phonics outcomes is at risk this year."
NEXT_STEPS = "Phonics lead to re-train Year 1 staff by 15 January."


def _note(key: str) -> str:
    return {
        SectionKey.STAFFING: STAFFING_NOTE,
        SectionKey.HEAD_PERFORMANCE: HEAD_PM_NOTE,
        SectionKey.NEXT_STEPS: NEXT_STEPS,
    }.get(key, f"Seen today: {key.replace('_', ' ')} is secure.")


def _pdf_text(page: Page, link: str) -> str:
    with page.expect_download() as download:
        page.get_by_role("link", name=link).click()
    data = download.value.path().read_bytes()
    assert data.startswith(b"%PDF")
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def _fill_date(page: Page, field: str, day: dt.date) -> None:
    page.fill(f"#id_{field}_0", str(day.day))
    page.fill(f"#id_{field}_1", str(day.month))
    page.fill(f"#id_{field}_2", str(day.year))


def test_director_logs_a_visit_and_readers_get_what_they_may_see(
    demo: None, session_factory: Any
) -> None:
    today = timezone.localdate()
    director = session_factory(width=1024, height=768)  # a tablet in landscape
    director.sign_in(DIRECTOR)
    page = director.goto("/visits/")
    page.get_by_role("link", name=f"Plan a visit to {SCHOOL}").click()
    director.check()
    _fill_date(page, "planned_for", today)
    page.fill("#id_purpose", "Phonics deep dive")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    director.check()
    expect(page.locator("h1")).to_contain_text("QA visit")
    visit_url = page.url.removeprefix(director.base_url)
    assert re.fullmatch(r"/visits/\d+/", visit_url), visit_url

    page.get_by_role("button", name="Write the record").click()
    director.check()
    _fill_date(page, "visited_on", today)
    for section in SECTIONS:
        key = section.key.value
        if section.has_rag:
            page.check(f"input[name={key}_rag][value={'amber' if key == 'teaching' else 'green'}]")
        page.fill(f"#id_{key}_notes", _note(key))
    page.get_by_label("Learning walk").check()
    expect(page.locator("#autosave-status")).to_contain_text("Draft saved")
    page.get_by_role("button", name="Submit the visit record").click()
    page.wait_for_load_state()
    director.check()
    expect(page.locator("main")).to_contain_text("Submitted")
    # The proforma was made by the (in-process) worker when the submission committed.
    full = _pdf_text(page, "Download the proforma (PDF)")
    assert SCHOOL in full and NEXT_STEPS in full
    assert STAFFING_NOTE in full and HEAD_PM_NOTE in full

    governor = session_factory()
    governor.sign_in(GOVERNOR)
    page = governor.goto(visit_url)
    main = page.locator("main")
    expect(main).to_contain_text(NEXT_STEPS)
    expect(main).not_to_contain_text(STAFFING_NOTE)
    expect(main).not_to_contain_text(HEAD_PM_NOTE)
    assert STAFFING_NOTE not in page.content()
    assert page.get_by_text("Write the record").count() == 0
    assert page.get_by_text("Amend the record").count() == 0
    governor_pdf = _pdf_text(page, "Download the proforma (PDF)")
    assert NEXT_STEPS in governor_pdf
    assert STAFFING_NOTE not in governor_pdf and HEAD_PM_NOTE not in governor_pdf
    assert "Staffing and wellbeing" not in governor_pdf

    stranger = session_factory()
    stranger.sign_in(OTHER_HEAD)
    page = stranger.goto(visit_url)
    expect(page.locator("h1")).to_have_text("Page not found")
    pdf = page.request.get(director.base_url + visit_url + "proforma.pdf")
    assert pdf.status == 404
