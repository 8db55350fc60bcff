"""The school on a page: what each reader sees (restricted parts never), its figures against
national and target with missing ones said, its CSV downloads, its PDF and the link from the
school's page. The world is built once for the module (tests/dashboards/school_world.py)."""

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from dashboards.selectors.school import school_dashboard
from dashboards.services.school import latest_school_pdf_job, school_pdf_file_name
from fht.models import Job
from fht.roles import Role
from qa_visits.models import VisitSection
from reviews.models import AreaRecord
from risk.models import RemedialAction
from tests.conftest import World
from tests.dashboards.school_world import DECIDED, module_school_world
from tests.matrix import S1_READERS
from tests.pdf import pdf_text
from tests.qa_visits.world import HEAD_PM_MARKER, STAFFING_MARKER
from tests.reviews.world import RESTRICTED_WORDS

pytestmark = pytest.mark.django_db

# Text that only a reader of the restricted parts may ever see, and none of them reads it here.
RESTRICTED = (
    STAFFING_MARKER,
    HEAD_PM_MARKER,
    RESTRICTED_WORDS,
    "Staffing and wellbeing",
    "Head teacher performance management",
)


@pytest.fixture(scope="module")
def w(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> Iterator[World]:
    yield from module_school_world(django_db_blocker)


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def _page(w: World, role: str) -> str:
    response = _client(w.person(role)).get(reverse("dashboards:school", args=[w.s1.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_restricted_text_is_there_to_leak(w: World) -> None:
    """The markers are in the world's visit and review, so the checks below can fail."""
    with scopes_disabled():
        notes = " ".join(VisitSection.objects.filter(visit=w.visit).values_list("notes", flat=True))
        assert STAFFING_MARKER in notes and HEAD_PM_MARKER in notes
        assert AreaRecord.objects.filter(review=w.review, notes=RESTRICTED_WORDS).exists()


@pytest.mark.parametrize("role", sorted(r.value for r in S1_READERS))
def test_no_reader_sees_a_restricted_part(w: World, role: str) -> None:
    body = _page(w, role)
    for text in RESTRICTED:
        assert text not in body, (role, text)
    # What every reader of the school's improvement work does see.
    assert "Latest QA visit" in body and "Half-termly support and challenge" in body
    assert "Quality of teaching" in body  # an unrestricted judgement of the visit
    assert "Latest partnership review" in body and "Curriculum" in body
    assert "ISAP progress" in body
    assert "half-terms have no figure" in body  # s1 has no return for autumn 2


def test_another_schools_governor_and_another_trust_get_404(w: World) -> None:
    url = reverse("dashboards:school", args=[w.s1.pk])
    assert _client(w.colleague).get(url).status_code == 404  # governor of s2
    assert _client(w.south_head).get(url).status_code == 404  # head of s3
    assert _client(w.other_ceo).get(url).status_code == 404
    pdf = reverse("dashboards:school_pdf", args=[w.s1.pk])
    assert _client(w.colleague).get(pdf).status_code == 404


def test_the_figures_against_national_and_target_with_missing_ones_said(w: World) -> None:
    today = timezone.localdate()
    with scopes_disabled():
        d = school_dashboard(school=w.s1, user=w.person(Role.GOVERNOR), as_of=today)
    attendance = d.series("attendance")
    assert attendance is not None
    by_half_term = {p.label: p for p in attendance.points}
    autumn_1 = next(p for label, p in by_half_term.items() if label.startswith("Autumn 1 2026"))
    assert autumn_1.value == 95.2
    assert autumn_1.national is not None  # the world's benchmark for 2026/27
    assert autumn_1.target is not None  # s1's attendance target
    # Autumn 2 has begun with no return: missing, never 0.
    autumn_2 = next(p for label, p in by_half_term.items() if label.startswith("Autumn 2 2026"))
    assert autumn_2.value is None and autumn_2.missing == "No return"
    assert [p.label for p in attendance.points][-1].startswith("Autumn 2 2026")
    pa = d.series("persistent_absence")
    assert pa is not None and pa.lower_is_better
    (statutory,) = d.statutory
    results = {p.label: p for p in statutory.points}
    assert results["Year 1 phonics screening check"].value == 81.0
    suppressed = results["Key Stage 2 reading, writing and maths, expected standard"]
    assert suppressed.value is None and suppressed.missing == "Suppressed: small cohort"
    assert d.category == "B \N{EN DASH} Improve"
    assert [c.decided_on for c in d.categories] == list(reversed(DECIDED))
    assert d.visit is not None and d.visit.may_open
    assert all(j.title not in RESTRICTED for j in d.visit.judgements)
    assert d.review is not None and "staffing" not in {j.key for j in d.review.judgements}
    assert d.plan is not None and d.plan.total >= 1
    due = {i.what: i for i in d.due}
    assert due["Risk meeting action due"].on == dt.date(2027, 1, 15)
    assert "Next QA visit" in due and "Next risk meeting" in due


def test_an_earlier_day_shows_the_data_as_it_stood(w: World) -> None:
    with scopes_disabled():
        d = school_dashboard(
            school=w.s1, user=w.person(Role.CEO), as_of=DECIDED[0] + dt.timedelta(days=1)
        )
    assert [c.category for c in d.categories] == ["C"]
    assert d.visit is None  # the visit of 6 October 2026 had not happened
    attendance = d.series("attendance")
    assert attendance is not None
    assert all(p.value is None for p in attendance.points if "2026" not in p.label)


def _csv(w: World, key: str) -> list[list[str]]:
    url = reverse("dashboards:school", args=[w.s1.pk]) + f"?csv={key}"
    response = _client(w.person(Role.CHAIR_OF_GOVERNORS)).get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Cache-Control"] == "private, no-store"
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_every_table_downloads_as_csv(w: World) -> None:
    rows = _csv(w, "attendance")
    assert rows[0] == ["Half-term", "School", "National", "Target"]
    assert any(r[0].startswith("Autumn 1 2026") and r[1] == "95.2%" for r in rows[1:])
    assert any(r[0].startswith("Autumn 2 2026") and r[1] == "No return" for r in rows[1:])
    statutory = _csv(w, f"statutory-{w.year.starts_in}")  # type: ignore[union-attr]
    assert ["Year 1 phonics screening check", "81%"] in [r[:2] for r in statutory]
    categories = _csv(w, "categories")
    assert [r[1] for r in categories[1:]] == ["B \N{EN DASH} Improve", "C \N{EN DASH} Repair"]
    visit = _csv(w, "visit")
    assert visit[0] == ["Focus area", "Judgement"]
    assert ["Quality of teaching", "Amber"] in visit
    assert all(r[0] not in RESTRICTED for r in visit)
    due = _csv(w, "due")
    assert due[0] == ["What", "When", "Detail", "Overdue"]
    assert any(r[2] == "Review the attendance strategy with governors" for r in due)
    bad = reverse("dashboards:school", args=[w.s1.pk]) + "?csv=<script>"
    assert _client(w.person(Role.CEO)).get(bad).status_code == 404


def test_a_csv_cell_that_looks_like_a_formula_is_defused(w: World) -> None:
    with scopes_disabled():
        action = RemedialAction.objects.get(school=w.s1)
        RemedialAction.objects.filter(pk=action.pk).update(what="=HYPERLINK(1)")
    try:
        rows = _csv(w, "due")
    finally:  # the module's world is shared: put it back whatever happens
        with scopes_disabled():
            RemedialAction.objects.filter(pk=action.pk).update(what=action.what)
    assert ["Risk meeting action due", "2027-01-15", "'=HYPERLINK(1)", ""] in rows


def test_no_category_reason_reaches_the_page_or_its_csv(w: World) -> None:
    """The reasons stay in the risk app: they may tell of the meeting's discussion."""
    assert "Decision of" not in _page(w, Role.GOVERNOR)
    assert all("Decision of" not in cell for row in _csv(w, "categories") for cell in row)


def test_the_pdf_is_made_by_the_worker_for_its_reader_alone(
    w: World, django_capture_on_commit_callbacks: Any
) -> None:
    governor = _client(w.person(Role.GOVERNOR))
    download = reverse("dashboards:school_pdf", args=[w.s1.pk])
    not_ready = governor.get(download)
    assert not_ready.status_code == 404 and b"has not been made yet" in not_ready.content
    with django_capture_on_commit_callbacks(execute=True):
        made = governor.post(reverse("dashboards:school_pdf_make", args=[w.s1.pk]))
    assert made.status_code == 302
    page = _page(w, Role.GOVERNOR)
    assert download in page  # the job is done: its download link is on the page
    response = governor.get(download)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    text = pdf_text(b"".join(response.streaming_content))  # type: ignore[attr-defined]
    assert "the school on a page" in text and "Category history" in text
    assert "Latest partnership review" in text and "Attendance by half-term" in text
    for marker in RESTRICTED:
        assert marker not in text
    # The governor's PDF is theirs: the chair, who reads the school too, has none yet.
    assert _client(w.person(Role.CHAIR_OF_GOVERNORS)).get(download).status_code == 404
    # Made again: the new one is downloaded, the earlier file is gone.
    with scopes_disabled():
        first = latest_school_pdf_job(school=w.s1, user=w.person(Role.GOVERNOR))
    assert first is not None and default_storage.exists(school_pdf_file_name(first))
    with django_capture_on_commit_callbacks(execute=True):
        governor.post(reverse("dashboards:school_pdf_make", args=[w.s1.pk]))
    with scopes_disabled():
        second = latest_school_pdf_job(school=w.s1, user=w.person(Role.GOVERNOR))
    assert second is not None and second.pk != first.pk and second.status == "done"
    assert not default_storage.exists(school_pdf_file_name(first))
    assert governor.get(download).status_code == 200


def test_a_school_with_nothing_yet_says_so(w: World) -> None:
    response = _client(w.person(Role.CEO)).get(reverse("dashboards:school", args=[w.s2.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    for empty in (
        "No statutory outcomes entered yet",
        "No category decision recorded yet",
        "No inspection recorded",
        "No QA visit submitted yet",
        "No action plan yet",
        "No partnership review shared yet",
        "Not yet categorised",
    ):
        assert empty in body, empty
    assert "95.2%" not in body and ">0%<" not in body  # missing figures are never shown as 0


def test_the_schools_page_links_to_it_for_its_readers(w: World) -> None:
    url = reverse("schools:detail", args=[w.s1.pk])
    link = reverse("dashboards:school", args=[w.s1.pk])
    assert link in _client(w.person(Role.GOVERNOR)).get(url).content.decode()
    assert link in _client(w.person(Role.LEAD_PRACTITIONER)).get(url).content.decode()


def test_the_page_follows_the_pdf_job_with_the_banner(w: World) -> None:
    """Asked for and not started yet (the worker runs after the request's transaction): the page
    shows the job's progress, and asking again does not queue a second job."""
    reader = _client(w.person(Role.EXECUTIVE_HEAD))
    make = reverse("dashboards:school_pdf_make", args=[w.s1.pk])
    assert reader.post(make).status_code == 302
    assert reader.post(make).status_code == 302
    with scopes_disabled():
        asked = Job.objects.filter(
            kind="school_dashboard_pdf", requested_by=w.person(Role.EXECUTIVE_HEAD)
        )
        assert [j.status for j in asked] == [Job.Status.QUEUED]
    page = _page(w, Role.EXECUTIVE_HEAD)
    assert "Waiting to start" in page and "The school on a page as a PDF" in page
    assert reader.get(reverse("job_status", args=[asked[0].pk])).status_code == 200
    # Nobody else follows it.
    other = _client(w.person(Role.HEAD_TEACHER))
    assert other.get(reverse("job_status", args=[asked[0].pk])).status_code == 404


def _main(page: str) -> str:
    main = page.split("<main", 1)[1].split("</main>", 1)[0]
    main = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", main)
    return re.sub(r"data:image/svg\+xml;base64,[^\"']*", "chart", main)  # charts' ids are random


def test_each_reader_is_served_their_own_view_when_pages_are_kept(w: World) -> None:
    """Pages are kept for readers alike (fht.cache): every reader, read after all the others, gets
    exactly the page they get on their own, from an empty cache."""
    from django.core.cache import cache

    roles = sorted(r.value for r in S1_READERS)
    alone = {}
    for role in roles:
        cache.clear()
        alone[role] = _main(_page(w, role))
    cache.clear()
    for role in roles:
        _page(w, role)
    for role in reversed(roles):
        assert _main(_page(w, role)) == alone[role], role
