"""Issue 11's acceptance journey, in a real browser, with the accessibility check on every page.

As the CEO of the demo trust: open this half-term's risk meeting and find every school with its
evidence; move a school from B to C with a reason and a remedial action; close the meeting and see
that school's next visit fall due four weeks after its last on the Visits page; prepare next
half-term's meeting and find the action waiting on its agenda; open a concern case for the school
at level 2 and see the steps it still lacks; download the pack. As a trustee, read the summary
with no discussion. As that school's head, see its category and the action on the school page,
but not another school's page nor the meeting.
"""

import datetime as dt
import io
from typing import Any

import pytest
from django.utils import timezone
from django.utils.text import slugify
from django_scopes import scopes_disabled
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from fht.models import User
from qa_visits.models import Visit
from risk.models import ConcernCase, Meeting
from schools.models import School

pytestmark = pytest.mark.django_db(transaction=True)

CEO = "ceo@skylark.example"
TRUSTEE = "trustee@skylark.example"
REASON = "Leadership capacity has thinned: the deputy has left and reading results fell."
DISCUSSION = "The head is considering a secondment; not for the trustees' summary."
ACTION = "Reading leader from a strong school to coach Year 1 and 2 staff weekly."


def _submit(session: Any, name: str) -> Page:
    page: Page = session.page
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state()
    session.check()
    return page


def _fill_date(page: Page, field: str, day: dt.date) -> None:
    page.fill(f"#id_{field}_0", str(day.day))
    page.fill(f"#id_{field}_1", str(day.month))
    page.fill(f"#id_{field}_2", str(day.year))


def _pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF")
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def _school_in_b_with_a_visit() -> tuple[School, dt.date]:
    """A demo school in B whose last QA visit is recorded and which is not in the concern
    procedure (the demo leaves several; the first by name is taken)."""
    with scopes_disabled():
        in_concern = ConcernCase.objects.filter(status="open").values_list("school_id", flat=True)
        for school in (
            School.objects.filter(trust__slug="skylark", category="B", closed_on__isnull=True)
            .exclude(pk__in=in_concern)
            .order_by("name")
        ):
            last = (
                Visit.objects.filter(school=school, status="submitted")
                .order_by("-visited_on")
                .values_list("visited_on", flat=True)
                .first()
            )
            if last is not None:
                return school, last
    raise AssertionError("the demo should leave a school in B with a recorded visit")


def test_the_risk_meeting_moves_a_school_and_everyone_reads_their_part(
    demo: None, session_factory: Any
) -> None:
    school, last_visit = _school_in_b_with_a_visit()
    with scopes_disabled():
        meeting = Meeting.objects.select_related("half_term").get(
            trust__slug="skylark", status="open"
        )
        open_schools = list(
            School.objects.filter(trust__slug="skylark", closed_on__isnull=True).values_list(
                "name", flat=True
            )
        )
        head = User.objects.get(email=f"head.{slugify(school.name)}@skylark.example")
        other = School.objects.exclude(pk=school.pk).get(
            trust__slug="skylark", name="Ravensdale Primary Academy"
        )

    # The CEO opens this half-term's meeting from the Risk menu: every school, with its evidence.
    ceo = session_factory()
    ceo.sign_in(CEO)
    page = ceo.goto("/")
    page.get_by_role("navigation").get_by_role("link", name="Risk", exact=True).click()
    ceo.check()
    page.locator(".govuk-inset-text").get_by_role("link", name=str(meeting.half_term)).click()
    ceo.check()
    agenda = page.locator("table").first
    for name in open_schools:
        expect(agenda.get_by_role("link", name=name, exact=True)).to_be_visible()
    expect(agenda).to_contain_text("Last visit")
    expect(agenda).to_contain_text("Last category decision")
    expect(agenda).not_to_contain_text("No inspection recorded")

    # Move the school from B to C with a reason and a remedial action owned by its head.
    agenda.get_by_role("link", name=school.name, exact=True).click()
    ceo.check()
    page.select_option("#id_proposed_category", "C")
    page.select_option("#id_agreed_category", "C")
    page.fill("#id_category_reason", REASON)
    page.fill("#id_discussion", DISCUSSION)
    page.fill("#id_action_what", ACTION)
    page.select_option("#id_action_owner", str(head.pk))
    _fill_date(page, "action_due_on", timezone.localdate() + dt.timedelta(weeks=6))
    page = _submit(ceo, "Save the row")
    row = page.locator("tr", has=page.get_by_role("link", name=school.name, exact=True))
    expect(row).to_contain_text("agreed: C Repair")

    # The pack, made by the worker, holds the evidence for reading before.
    page.get_by_role("button", name="Make the pack").click()
    page.wait_for_load_state()
    ceo.check()
    link = page.get_by_role("link", name="Download the pack (PDF)")
    pack = page.request.get(ceo.base_url + (link.get_attribute("href") or ""))
    assert pack.status == 200
    assert school.name in _pdf_text(pack.body())

    # Close: the category applies and the Visits page moves the due date at once.
    page.get_by_role("link", name="Close the meeting").click()
    ceo.check()
    page = _submit(ceo, "Close the meeting")
    expect(page.locator("main")).to_contain_text("Closed on")
    due = last_visit + dt.timedelta(weeks=4)
    page = ceo.goto("/visits/")
    visits_row = page.locator("tr", has=page.get_by_role("link", name=school.name, exact=True))
    expect(visits_row).to_contain_text("C Repair")
    expect(visits_row).to_contain_text(f"{due.day} {due:%b %Y}")

    # Next half-term's meeting carries the action.
    page = ceo.goto("/risk/meetings/")
    page.get_by_role("button", name="Prepare the").click()
    page.wait_for_load_state()
    ceo.check()
    next_row = page.locator("tr", has=page.get_by_role("link", name=school.name, exact=True))
    expect(next_row).to_contain_text(ACTION)

    # A concern case at level 2, and the steps it still lacks.
    page = ceo.goto("/risk/concern/open/")
    page.select_option("#id_school", str(school.pk))
    page.select_option("#id_level", "2")
    _fill_date(page, "opened_on", timezone.localdate())
    page.fill("#id_reason", "Category C and leadership capacity in doubt.")
    page = _submit(ceo, "Open the case")
    expect(page.locator("h1")).to_have_text("Concern case: level 2")
    missing = page.locator("#missing-steps")
    expect(missing).to_contain_text("Concerns shared with the chair of governors")

    # The trustee reads the summary: the move, but no discussion and no reasons.
    trustee = session_factory()
    trustee.sign_in(TRUSTEE)
    page = trustee.goto("/risk/meetings/")
    summary_row = page.locator("tr", has=page.get_by_role("rowheader", name=str(meeting.half_term)))
    summary_row.get_by_role("link", name="Summary").click()
    trustee.check()
    main = page.locator("main")
    expect(main).to_contain_text(school.name)
    expect(main).not_to_contain_text(DISCUSSION)
    expect(main).not_to_contain_text(REASON)

    # The head sees the category and the action on the school page, nothing else of risk.
    head_session = session_factory()
    head_session.sign_in(head.email)
    page = head_session.goto(f"/schools/{school.pk}/")
    main = page.locator("main")
    expect(main).to_contain_text("C Repair")
    expect(main).to_contain_text(ACTION)
    expect(main).not_to_contain_text(DISCUSSION)
    for path in (f"/schools/{other.pk}/", "/risk/meetings/", f"/risk/meetings/{meeting.pk}/"):
        response = head_session.page.goto(head_session.base_url + path)
        assert response is not None and response.status == 404, path
