"""Issue 13's acceptance journey, in a real browser, with the accessibility check on every page.

As a trustee of the demo trust: open the trust dashboard, read the golden-rule ratio, the category
heat map and the measures against national, and download the board pack (made by the CEO). As a
governor: open the cluster dashboard for the hub meeting and compare the schools. As a head: open
the school on a page and find nothing of the restricted sections. As a Director of QA: open next
week's hub meeting with its agenda, have its pack made and download it.
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

from cycle.models import CycleMeeting, Kind, PackOpening
from dashboards.selectors.trust import trust_dashboard
from fht.models import User
from qa_visits.models import VisitSection
from qa_visits.sections import SECTIONS, Restriction
from reviews.models import AREAS, AreaRecord
from schools.models import Cluster, School
from tests.browser.crawl import DEMO_SIGN_INS

pytestmark = pytest.mark.django_db(transaction=True)


def _pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def _download(session: Any, page: Page, name: str) -> bytes:
    link = page.get_by_role("link", name=name)
    response = page.request.get(session.base_url + (link.first.get_attribute("href") or ""))
    assert response.status == 200, response.status
    assert response.headers["content-type"] == "application/pdf"
    return response.body()


def _make_pack(session: Any) -> Page:
    page: Page = session.page
    page.get_by_role("button", name="Make the pack").click()
    page.wait_for_load_state()
    session.check()
    # Jobs run in the test's own process: the pack is made by the time the page answers.
    expect(page.get_by_role("link", name="Download the pack (PDF)")).to_be_visible()
    return page


def test_dashboards_and_the_meetings_of_the_cycle(demo: None, session_factory: Any) -> None:
    today = timezone.localdate()
    with scopes_disabled():
        trustee_user = User.objects.get(email=DEMO_SIGN_INS["Trustee"])
        board = trust_dashboard(trust=trustee_user.trust, user=trustee_user, as_of=today)
        board_meeting = (
            CycleMeeting.objects.filter(
                trust=trustee_user.trust, kind=Kind.BOARD, held_on__gte=today
            )
            .order_by("held_on")
            .first()
        )
        assert board_meeting is not None

    # The CEO has the board's pack made, as for any meeting they run.
    ceo = session_factory()
    ceo.sign_in(DEMO_SIGN_INS["CEO"])
    ceo.goto(f"/meetings/{board_meeting.pk}/")
    _make_pack(ceo)

    # The trustee: the dashboard from the home page, its ratio, heat map and measures.
    trustee = session_factory()
    trustee.sign_in(DEMO_SIGN_INS["Trustee"])
    page = trustee.page
    page.get_by_role("link", name="Trust dashboard").first.click()
    trustee.check()
    expect(page.locator("h1")).to_have_text("Trust dashboard")
    golden = page.locator("tr", has_text="The trust's categories")
    expect(golden).to_contain_text(board.golden.by_category.ratio_text)
    expect(
        page.get_by_role("img", name=re.compile("each school's category over the last six"))
    ).to_be_visible()
    measures = page.locator("table", has=page.get_by_role("columnheader", name="National"))
    expect(measures.first).to_contain_text("Attendance")
    expect(measures.first).to_contain_text("Key Stage 2 reading, writing and maths")
    csv = page.request.get(trustee.base_url + "/dashboards/?format=csv&table=measures")
    assert csv.status == 200 and "National" in csv.text()

    # ... and the board's pack, from the meeting's page.
    page.get_by_role("link", name="Meetings").first.click()
    trustee.check()
    page.locator(f'main a[href="/meetings/{board_meeting.pk}/"]').first.click()
    trustee.check()
    text = _pdf_text(_download(trustee, page, "Download the pack (PDF)"))
    assert f"Data taken on {today.day} {today:%B %Y}" in text
    assert "The golden rule" in text and "Schools by category" in text
    with scopes_disabled():
        assert PackOpening.objects.filter(meeting=board_meeting, person=trustee_user).exists()
    ceo.goto(f"/meetings/{board_meeting.pk}/")
    who_opened = ceo.page.locator("table", has_text="Who has opened the pack")
    expect(who_opened).to_contain_text(trustee_user.full_name)

    # The governor: their hub's dashboard, the schools side by side.
    governor = session_factory()
    governor.sign_in(DEMO_SIGN_INS["Governor"])
    page = governor.page
    page.get_by_role("link", name=re.compile(": cluster dashboard$")).first.click()
    governor.check()
    with scopes_disabled():
        cluster = Cluster.objects.get(name=page.locator("h1").inner_text())
        names = list(
            School.objects.filter(cluster=cluster, closed_on__isnull=True).values_list(
                "name", flat=True
            )
        )
    assert len(names) > 1
    main = page.locator("main")
    for name in names:
        expect(main).to_contain_text(name)

    # The head: the school on a page, with nothing of the restricted sections.
    head = session_factory()
    head.sign_in(DEMO_SIGN_INS["Head teacher"])
    page = head.page
    page.get_by_role("link", name="Schools").first.click()
    with scopes_disabled():
        school = School.objects.get(
            role_assignments__person__email=DEMO_SIGN_INS["Head teacher"],
            role_assignments__role="head_teacher",
        )
        restricted = [s.key.value for s in SECTIONS if s.restriction != Restriction.NONE]
        staffing = [a.key.value for a in AREAS if a.restricted]
        secrets = [
            n
            for n in VisitSection.objects.filter(
                visit__school=school, key__in=restricted
            ).values_list("notes", flat=True)
            if n
        ] + [
            n
            for n in AreaRecord.objects.filter(review__school=school, key__in=staffing).values_list(
                "notes", flat=True
            )
            if n
        ]
    assert secrets, "the demo holds restricted notes at this school: the check below can fail"
    head.goto(f"/schools/{school.pk}/")
    page.get_by_role("link", name=re.compile("Open the school on a page")).click()
    head.check()
    expect(page.locator("h1")).to_have_text("The school on a page")
    content = page.content()
    for secret in secrets:
        assert secret[:60] not in content

    # The Director of QA: next week's hub meeting, its agenda and its pack.
    director = session_factory()
    director.sign_in(DEMO_SIGN_INS["Director of QA"])
    page = director.page
    page.get_by_role("link", name="Next week's meetings").first.click()
    director.check()
    next_monday = today - dt.timedelta(days=today.weekday()) + dt.timedelta(days=7)
    with scopes_disabled():
        hub = CycleMeeting.objects.filter(
            trust=trustee_user.trust,
            kind=Kind.HUB_HEADS,
            cluster__in=Cluster.objects.filter(
                role_assignments__person__email=DEMO_SIGN_INS["Director of QA"]
            ),
            held_on__range=(next_monday, next_monday + dt.timedelta(days=6)),
        ).first()
        assert hub is not None and hub.cluster is not None
        hub_schools = list(
            School.objects.filter(cluster=hub.cluster, closed_on__isnull=True).values_list(
                "name", flat=True
            )
        )
    page.locator(f'main a[href="/meetings/{hub.pk}/"]').first.click()
    director.check()
    agenda = page.locator("main")
    expect(agenda).to_contain_text("Agenda")
    for name in hub_schools:
        expect(agenda).to_contain_text(name)
    _make_pack(director)
    text = _pdf_text(_download(director, page, "Download the pack (PDF)"))
    assert f"Data taken on {today.day} {today:%B %Y}" in text
    assert hub_schools[0] in text
