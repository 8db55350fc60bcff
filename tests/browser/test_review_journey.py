"""Issue 12's acceptance journey, in a real browser, with the accessibility check on every page.

As a Director of QA of the demo trust: plan a partnership review of a school of their cluster that
has none this year, with a head from another school on the team, record it, send it for checking;
the peer head checks it as the second reviewer; the director shares it and downloads the report and
the letter to parents. The school's governor reads it without the staffing notes. As its head: acknowledge it, record when the findings were shared,
and turn two key challenges into priorities of the action plan, each linked both ways. As another
head: find the review's strength in the effective-practice library. As the CEO: make every letter
of the year at once and download the one file for printing. As a governor of the other trust: 404
on every review URL.
"""

import datetime as dt
import io
import re
from typing import Any

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from fht.models import User
from fht.roles import Role
from people.models import RoleAssignment
from reviews.models import AREAS, Review
from schools.models import School

pytestmark = pytest.mark.django_db(transaction=True)

CEO = "ceo@skylark.example"
STRENGTH = "Children talk about the books they love"
CHALLENGES = ("Help more children come to school every day", "Make writing lessons more lively")
STAFFING_NOTES = "Two teaching assistants leave in July; the office is restructured."


def _pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF")
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def _fill_date(page: Page, field: str, day: dt.date) -> None:
    page.fill(f"#id_{field}_0", str(day.day))
    page.fill(f"#id_{field}_1", str(day.month))
    page.fill(f"#id_{field}_2", str(day.year))


def _click(session: Any, name: str) -> Page:
    page: Page = session.page
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state()
    session.check()
    return page


def _holder(role: Role, **where: Any) -> User:
    assignment = (
        RoleAssignment.objects.select_related("person")
        .filter(role=role, ends_on__isnull=True, **where)
        .order_by("pk")
        .first()
    )
    assert assignment is not None, (role, where)
    return assignment.person


def _cast() -> dict[str, Any]:
    """A school with no review this year, with its own head; its cluster's Director of QA; and a
    head of another school of the trust."""
    with scopes_disabled():
        reviewed = Review.objects.filter(
            trust__slug="skylark", academic_year__starts_in=2026
        ).values_list("school_id", flat=True)
        for school in (
            School.objects.filter(trust__slug="skylark", closed_on__isnull=True)
            .exclude(pk__in=reviewed)
            .select_related("cluster")
            .order_by("name")
        ):
            heads = RoleAssignment.objects.filter(
                school=school, role=Role.HEAD_TEACHER, ends_on__isnull=True
            )
            if not heads.exists():
                continue
            peer = (
                RoleAssignment.objects.select_related("person", "school")
                .filter(trust=school.trust, role=Role.HEAD_TEACHER, ends_on__isnull=True)
                .exclude(school=school)
                .order_by("school__name")
                .first()
            )
            assert peer is not None
            other = (
                RoleAssignment.objects.select_related("person")
                .filter(trust=school.trust, role=Role.HEAD_TEACHER, ends_on__isnull=True)
                .exclude(school__in=[school, peer.school])
                .order_by("school__name")
                .first()
            )
            assert other is not None
            return {
                "school": school,
                "head": heads.get().person,
                "director": _holder(Role.QA_DIRECTOR, cluster=school.cluster),
                "peer": peer.person,
                "other_head": other.person,
                "governor": _holder(Role.GOVERNOR, school=school),
                "governor_b": _holder(Role.GOVERNOR, trust__slug="harbour"),
            }
    raise AssertionError("the demo should leave a school with a head and no review this year")


def _review_days(today: dt.date) -> tuple[dt.date, dt.date]:
    """Two past school days of this academic year for the review: the Tuesday and Wednesday of a
    week before this one, or, in the first fortnight of September, the year's first school days
    up to today (the review must lie in the year and before the day its findings are shared)."""
    year_starts = dt.date(today.year if today.month >= 9 else today.year - 1, 9, 1)
    first = today - dt.timedelta(days=(today.weekday() - 1) % 7 + 7)
    if first < year_starts:
        weekend = year_starts.weekday() >= 5
        first = year_starts + dt.timedelta(days=7 - year_starts.weekday() if weekend else 0)
    last = first + dt.timedelta(days=1)
    if last > today or last.weekday() >= 5:
        last = first
    return first, last


def test_a_review_planned_recorded_checked_shared_and_read_by_each_role(
    demo: None, session_factory: Any
) -> None:
    cast = _cast()
    school: School = cast["school"]
    first_day, last_day = _review_days(timezone.localdate())

    # The Director of QA finds the school flagged on the trust's list of reviews, and plans it.
    director = session_factory()
    director.sign_in(cast["director"].email)
    page = director.goto("/")
    page.get_by_role("navigation").get_by_role("link", name="Reviews", exact=True).click()
    director.check()
    row = page.locator("tr", has=page.get_by_text(school.name, exact=True))
    expect(row).to_contain_text("No review planned")
    row.get_by_role("link", name=re.compile("Plan a review")).click()
    director.check()
    _fill_date(page, "starts_on", first_day)
    _fill_date(page, "ends_on", last_day)
    page.select_option("#id_lead", str(cast["director"].pk))
    page.select_option("#id_peer_head", str(cast["peer"].pk))
    page = _click(director, "Plan the review")
    expect(page.locator("h1")).to_contain_text("Partnership review")
    expect(page.locator("#team")).to_contain_text(cast["peer"].full_name)
    review_path = page.url.removeprefix(director.base_url)
    review_id = int(review_path.strip("/").split("/")[-1])

    # The plan can change until the review is shared: its days and team, and the schedule.
    page.get_by_role("link", name="Change the days and team").click()
    director.check()
    expect(page.locator("#id_peer_head")).to_have_value(str(cast["peer"].pk))
    page = director.goto(review_path)
    page.get_by_role("link", name="Change the schedule").click()
    director.check()
    page.select_option("#id_rows-0-day", first_day.isoformat())
    page.fill("#id_rows-0-starts_at", "09:00")
    page.fill("#id_rows-0-what", "Meeting with the head teacher")
    page = _click(director, "Save the schedule")
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    page = director.goto(review_path)
    expect(page.locator("#schedule")).to_contain_text("Meeting with the head teacher")

    # The record, area by area (the staffing notes are restricted), then the findings.
    page.get_by_role("link", name="Write the record").click()
    director.check()
    early_years = page.locator("#id_early_years_judgement").count() > 0
    for area in AREAS:
        if area.early_years_only and not early_years:
            continue
        choice = "met" if area.key == "safeguarding" else "strong"
        page.select_option(f"#id_{area.key}_judgement", choice)
        notes = STAFFING_NOTES if area.restricted else f"We saw good {area.label.lower()}."
        page.fill(f"#id_{area.key}_notes", notes)
    page.fill("#id_trust_impact", "Trust training in phonics has lifted reading in Year 1.")
    page = _click(director, "Save and return to the review")
    page.get_by_role("link", name="Add a strength").click()
    director.check()
    page.fill("#id_title", STRENGTH)
    page.select_option("#id_theme", "curriculum")
    page = _click(director, "Add the strength")
    for title in CHALLENGES:
        page.get_by_role("link", name="Add a key challenge").click()
        director.check()
        page.fill("#id_title", title)
        page = _click(director, "Add the key challenge")
    page = _click(director, "Send for checking")
    expect(page.locator("#review-summary")).to_contain_text("Waiting for a second reviewer")

    # The peer head, the second reviewer, checks it.
    peer = session_factory()
    peer.sign_in(cast["peer"].email)
    page = peer.goto(review_path)
    page = _click(peer, "Mark as checked")
    expect(page.locator("#review-summary")).to_contain_text("Checked by")

    # The director shares it; the worker makes the report and the letter.
    page = director.goto(review_path)
    page = _click(director, "Share with the head teacher")
    page = director.goto(review_path)
    report = page.get_by_role("link", name=re.compile("Download the report"))
    letter = page.get_by_role("link", name="Download the letter to parents and carers (PDF)")
    report_text = _pdf_text(
        page.request.get(director.base_url + report.get_attribute("href")).body()
    )
    letter_text = _pdf_text(
        page.request.get(director.base_url + letter.get_attribute("href")).body()
    )
    assert school.name in report_text and "Strong standard" in report_text
    assert STAFFING_NOTES.split(";")[0] in report_text  # the director reads the full edition
    assert school.name in letter_text and cast["head"].full_name in letter_text
    assert STRENGTH in letter_text and all(title in letter_text for title in CHALLENGES)
    for internal in ("Strong standard", "Met", "Two teaching assistants", "Category"):
        assert internal not in letter_text, internal

    # The head acknowledges it, records when the findings were shared, and puts two challenges
    # on the action plan, each linked back to the review.
    head = session_factory()
    head.sign_in(cast["head"].email)
    page = head.goto(review_path)
    expect(page.locator("main")).to_contain_text("Two teaching assistants")  # heads read staffing
    page = _click(head, "Acknowledge the review")
    expect(page.locator("#review-summary")).to_contain_text("Acknowledged by")
    page.get_by_role("link", name="Record when the key findings were shared").click()
    head.check()
    _fill_date(page, "shared_with_staff_on", timezone.localdate())
    _fill_date(page, "shared_with_governors_on", timezone.localdate())
    page = _click(head, "Save the dates")
    expect(page.locator("#shared-with")).to_contain_text(f"Staff: {timezone.localdate():%-d %B %Y}")
    for title in CHALLENGES:
        page.get_by_role("button", name=re.compile(f"Add to the action plan.*{title}")).click()
        page.wait_for_load_state()
        head.check()
    panel = page.locator("main")
    for title in CHALLENGES:
        expect(
            panel.get_by_role("link", name=re.compile(f"Priority \\d+: {title}"))
        ).to_be_visible()
    panel.get_by_role("link", name=re.compile(f"Priority \\d+: {CHALLENGES[0]}")).click()
    head.check()
    expect(page.locator("main")).to_contain_text(CHALLENGES[1])
    page.locator("main").get_by_role("link", name=re.compile("Partnership review")).first.click()
    head.check()
    assert page.url.rstrip("/").endswith(f"/reviews/{review_id}")

    # The school's governor reads the review without the restricted staffing notes.
    governor = session_factory()
    governor.sign_in(cast["governor"].email)
    page = governor.goto(review_path)
    expect(page.locator("main")).to_contain_text(CHALLENGES[0])
    expect(page.locator("main")).not_to_contain_text("Two teaching assistants")

    # Another head finds the strength in the library, with its school and contact.
    other = session_factory()
    other.sign_in(cast["other_head"].email)
    page = other.goto("/")
    page.get_by_role("navigation").get_by_role("link", name="Effective practice").click()
    other.check()
    page.fill("#q", "books they love")
    page = _click(other, "Search")
    result = page.locator("main")
    expect(result.get_by_role("link", name=STRENGTH)).to_be_visible()
    expect(result).to_contain_text(school.name)

    # The CEO makes every letter of the year and downloads the one file for printing.
    ceo = session_factory()
    ceo.sign_in(CEO)
    page = ceo.goto("/reviews/letters/")
    page = _click(ceo, "Make the letters of 2026/27")
    with scopes_disabled():
        shared = Review.objects.filter(
            trust__slug="skylark",
            academic_year__starts_in=2026,
            status__in=[Review.Status.SHARED, Review.Status.ACKNOWLEDGED],
        ).count()
    page = ceo.goto("/reviews/letters/")
    expect(page.locator("main")).to_contain_text(f"Finished: {shared} of {shared} schools.")
    combined = page.get_by_role("link", name=re.compile("Download every letter in one PDF")).first
    body = page.request.get(ceo.base_url + combined.get_attribute("href")).body()
    text = _pdf_text(body)
    assert school.name in text and STRENGTH in text

    # A governor of the other trust reaches none of it.
    outsider = session_factory()
    outsider.sign_in(cast["governor_b"].email)
    for path in (
        review_path,
        f"{review_path}record/",
        f"{review_path}history/",
        f"{review_path}documents/letter.pdf",
        f"/reviews/schools/{school.pk}/plan/",
    ):
        response = outsider.page.goto(outsider.base_url + path)
        assert response is not None and response.status == 404, path
