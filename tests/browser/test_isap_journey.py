"""Issue 5's acceptance journey, in a real browser, with the accessibility check on every page.

As the head of a demo school: open the plan, update an action with a note and evidence, and see
the director's view reflect it. As the director: add a priority from the last visit's next steps,
deploy a lead practitioner for two days from the core offer and watch the days left drop. Sign
the plan as all three signatories. As a governor, read it and find no edit controls. As a head of
another school, get 404.
"""

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled
from playwright.sync_api import Page, expect

from isap.models import Plan, Signature
from schools.models import School

pytestmark = pytest.mark.django_db(transaction=True)

HEAD = "head.ravensdale-primary-academy@skylark.example"
DIRECTOR = "director.mansfield@skylark.example"
CPD_LEAD = "cpd.lead@skylark.example"
GOVERNOR = "governor.ravensdale-primary-academy@skylark.example"
OTHER_HEAD = "head.staveley-canal-academy@skylark.example"
SCHOOL = "Ravensdale Primary Academy"
NOTE = "All Year 1 and 2 staff trained in the phonics scheme this week."
IMPACT = "Phonics lessons observed follow the scheme in every KS1 class."
PRIORITY = "Secure the teaching of early reading in Year 1"
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def _fill_date(page: Page, field: str, day: dt.date) -> None:
    page.fill(f"#id_{field}_0", str(day.day))
    page.fill(f"#id_{field}_1", str(day.month))
    page.fill(f"#id_{field}_2", str(day.year))


def _submit(session: Any, name: str) -> Page:
    page: Page = session.page
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state()
    session.check()
    return page


def _days_left(page: Page) -> Decimal:
    text = page.locator(".app-figures > div").first.inner_text()
    match = re.match(r"\s*(-?[\d.]+)", text)
    assert match, text
    return Decimal(match.group(1))


def test_the_plan_is_updated_agreed_and_read_by_each_role(demo: None, session_factory: Any) -> None:
    today = timezone.localdate()
    with scopes_disabled():
        school = School.objects.get(name=SCHOOL)
        plan = Plan.objects.filter(school=school).order_by("-academic_year__starts_in").first()
        assert plan is not None
        plan.signatures.all().delete()
        Plan.objects.filter(pk=plan.pk).update(agreed_at=None)
    plan_path = f"/plans/{plan.pk}/"

    # The head, on a tablet: from the school page to the plan, a note with evidence on an action.
    head = session_factory(width=1024, height=768)
    head.sign_in(HEAD)
    page = head.goto(f"/schools/{school.pk}/")
    page.get_by_role("link", name=re.compile(r"action plan", re.I)).first.click()
    page.wait_for_load_state()
    head.check()
    if page.url.removeprefix(head.base_url) != plan_path:
        page = head.goto(plan_path)
    expect(page.locator("h1")).to_contain_text("Action plan")
    page.locator("main table a[href^='/actions/']").first.click()
    page.wait_for_load_state()
    head.check()
    action_path = page.url.removeprefix(head.base_url)
    page.get_by_role("button", name="Add a progress note").click()
    page.wait_for_load_state()
    head.check()
    page.fill("#id_text", NOTE)
    page.set_input_files(
        "#id_evidence_file",
        files=[{"name": "training-register.pdf", "mimeType": "application/pdf", "buffer": PDF}],
    )
    page = _submit(head, "Add the note")
    expect(page.locator("main")).to_contain_text(NOTE)
    expect(page.locator("main")).to_contain_text("training-register.pdf")
    page.get_by_role("button", name="Update status and impact").click()
    page.wait_for_load_state()
    head.check()
    page.select_option("#id_status", "in_progress")
    page.fill("#id_school_impact", IMPACT)
    page = _submit(head, "Save")
    expect(page.locator("main")).to_contain_text(IMPACT)

    # The director sees it, adds a priority from the last visit's next steps, deploys support.
    director = session_factory()
    director.sign_in(DIRECTOR)
    page = director.goto(plan_path)
    expect(page.locator("main")).to_contain_text(NOTE[:40])
    page = director.goto(action_path)
    expect(page.locator("main")).to_contain_text(IMPACT)
    page = director.goto(plan_path)
    days_before = _days_left(page)
    page.get_by_role("button", name="Add a priority from the last visit's next steps").click()
    page.wait_for_load_state()
    director.check()
    expect(page.locator("main")).to_contain_text("Agreed next steps from the QA visit")
    page.fill("#id_title", PRIORITY)
    page = _submit(director, "Add the priority")
    expect(page.locator("h1")).to_contain_text("Add a measurable target")
    page.select_option("#id_measure", "phonics_y1")
    page.fill("#id_baseline", "72")
    page.fill("#id_target", "85")
    _fill_date(page, "by_when", dt.date(today.year + 1, 7, 16))
    page = _submit(director, "Add the target")
    section = page.locator("section.app-priority", has_text=PRIORITY)
    expect(section).to_contain_text("QA visit")
    section.get_by_role("link", name=re.compile("Deploy support")).click()
    page.wait_for_load_state()
    director.check()
    page.select_option("#id_provider", "lead_practitioner")
    page.select_option("#id_person", label="Tom Barraclough")
    page.fill("#id_days", "2")
    page.select_option("#id_funder", "core_offer")
    _fill_date(page, "starts_on", today)
    page.fill("#id_desired_outcome", "Year 1 phonics lessons follow the scheme with fidelity.")
    page = _submit(director, "Deploy the support")
    assert _days_left(page) == days_before - 2

    # The three signatories sign.
    page = director.goto(plan_path)
    page = _submit(director, "Sign as Director of QA")
    page = head.goto(plan_path)
    page = _submit(head, "Sign as Head teacher")
    cpd = session_factory()
    cpd.sign_in(CPD_LEAD)
    page = cpd.goto(plan_path)
    page = _submit(cpd, f"Sign as {Signature.Signatory.CPD_LEAD.label}")
    expect(page.locator("main")).to_contain_text("The plan is now agreed")
    expect(page.locator("main")).to_contain_text("Agreed")

    # The governor reads it all, with no edit controls.
    governor = session_factory()
    governor.sign_in(GOVERNOR)
    page = governor.goto(plan_path)
    main = page.locator("main")
    expect(main).to_contain_text(PRIORITY)
    expect(main).to_contain_text("Tom Barraclough")
    for control in ("Add a priority", "Deploy support", "Sign as", "Edit the priority"):
        assert page.get_by_text(control).count() == 0, control
    page = governor.goto(action_path)
    expect(page.locator("main")).to_contain_text(NOTE)
    assert page.get_by_text("Add a progress note").count() == 0
    page = governor.goto(plan_path + "history/?since=visit")
    expect(page.locator("main")).to_contain_text(PRIORITY)

    # A head of another school gets the not-found page.
    stranger = session_factory()
    stranger.sign_in(OTHER_HEAD)
    page = stranger.goto(plan_path)
    expect(page.locator("h1")).to_have_text("Page not found")
    page = stranger.goto(action_path)
    expect(page.locator("h1")).to_have_text("Page not found")
