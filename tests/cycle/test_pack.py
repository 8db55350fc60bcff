"""The pack: made by the worker for a chosen data date, read back from the PDF (the date its data
was taken on its first page, the agenda's figures, nothing restricted), served to those who read
the meeting, each download noted; and bad data dates refused."""

import datetime as dt
from io import BytesIO
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled
from pypdf import PdfReader

from cycle.models import PackOpening
from cycle.services.pack import pack_render, pack_request
from fht.models import Job
from fht.roles import Role
from tests.conftest import World
from tests.cycle.world import meeting
from tests.pdf import pdf_text
from tests.qa_visits.world import HEAD_PM_MARKER, STAFFING_MARKER

pytestmark = pytest.mark.django_db

DATA_DATE = dt.date(2026, 11, 2)


def _first_page(pdf: bytes) -> str:
    return PdfReader(BytesIO(pdf)).pages[0].extract_text()


def test_the_hub_pack_states_its_data_date_and_holds_nothing_restricted(cworld: World) -> None:
    with scopes_disabled():
        pdf = pack_render(meeting=meeting("in"), data_date=DATA_DATE)
    first = " ".join(_first_page(pdf).split())
    text = " ".join(pdf_text(pdf).split())
    assert "Data taken on 2 November 2026." in first
    assert "Pack: North hub heads" in first
    assert "Alder Primary" in text and "Birch Primary" in text
    assert "6 Oct 2026" in text  # s1's latest visit by then
    assert "Cedar Primary" not in text  # another hub's school
    assert "North hub heads: share the curriculum maps" in text  # to review
    assert STAFFING_MARKER not in text and HEAD_PM_MARKER not in text


def test_the_board_pack_holds_each_hub_and_says_when_no_dashboard(cworld: World) -> None:
    with scopes_disabled():
        text = " ".join(
            pdf_text(pack_render(meeting=meeting("board"), data_date=DATA_DATE)).split()
        )
    assert "North cluster" in text and "South cluster" in text
    assert "The trust dashboard" in text
    # Made with no one to read the dashboard as, the pack says so instead of showing it.
    assert "Dashboard not available." in text
    assert "Schools by category" not in text


def test_the_board_pack_holds_the_trust_dashboard_read_as_its_maker(cworld: World) -> None:
    with scopes_disabled():
        pdf = pack_render(
            meeting=meeting("board"), data_date=DATA_DATE, maker=cworld.person(Role.CEO)
        )
    text = " ".join(pdf_text(pdf).split())
    assert "Dashboard not available." not in text
    assert "Schools by category" in text and "The golden rule" in text
    assert STAFFING_MARKER not in text and HEAD_PM_MARKER not in text


def test_the_worker_makes_the_pack_and_readers_download_it_noted(
    cworld: World, django_capture_on_commit_callbacks: Any
) -> None:
    with scopes_disabled():
        north = meeting("in")
    director, head, governor = Client(), Client(), Client()
    director.force_login(cworld.person(Role.QA_DIRECTOR))
    head.force_login(cworld.person(Role.HEAD_TEACHER))
    governor.force_login(cworld.person(Role.GOVERNOR))
    url = reverse("cycle:pack", args=[north.pk])
    assert head.get(url).status_code == 404  # not made yet
    with django_capture_on_commit_callbacks(execute=True):
        made = director.post(
            reverse("cycle:pack_make", args=[north.pk]),
            {
                "pack-data_date_day": "2",
                "pack-data_date_month": "11",
                "pack-data_date_year": "2026",
            },
        )
    assert made.status_code == 302
    with scopes_disabled():
        job = Job.objects.get(kind="cycle_meeting_pack")
        north.refresh_from_db()
    assert job.status == Job.Status.DONE, job.message
    # Those who run the meeting follow the job's progress; a reader does not.
    assert director.get(reverse("job_status", args=[job.pk])).status_code == 200
    assert head.get(reverse("job_status", args=[job.pk])).status_code == 404
    assert north.pack_data_date == DATA_DATE and north.pack_made_at is not None
    response = head.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    pdf = b"".join(response.streaming_content)
    assert "Data taken on 2 November 2026." in " ".join(_first_page(pdf).split())
    head.get(url)
    assert governor.get(url).status_code == 404  # not their meeting
    with scopes_disabled():
        openings = list(PackOpening.objects.filter(meeting=north))
    assert [(o.person.full_name, o.times) for o in openings] == [("Head teacher of A", 2)]
    page = director.get(reverse("cycle:detail", args=[north.pk])).content.decode()
    assert "Head teacher of A" in page and "Who has opened the pack" in page
    assert "with the data as of 2 November 2026" in page
    notice = (north.held_on - timezone.localdate()).days
    assert f"({notice} days before the meeting)" in page


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("31", "2", "2026", "Enter a real date"),
        ("1", "1", "1e309", "The year must be a number"),
        ("NaN", "1", "2026", "The day must be a number"),
        ("1", "1", "2099", "Enter a date from 2000 to today."),
    ],
)
def test_a_bad_data_date_is_refused_by_its_field(
    cworld: World, day: str, month: str, year: str, message: str
) -> None:
    ceo = Client()
    ceo.force_login(cworld.person(Role.CEO))
    with scopes_disabled():
        board = meeting("board")
    response = ceo.post(
        reverse("cycle:pack_make", args=[board.pk]),
        {"pack-data_date_day": day, "pack-data_date_month": month, "pack-data_date_year": year},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body and f'value="{year}"' in body  # what was typed is kept
    with scopes_disabled():
        assert not Job.objects.filter(kind="cycle_meeting_pack").exists()


def test_the_service_refuses_a_future_data_date(cworld: World) -> None:
    with scopes_disabled(), pytest.raises(ValidationError):
        pack_request(
            meeting=meeting("board"),
            data_date=timezone.localdate() + dt.timedelta(days=1),
            acting_user=cworld.person(Role.CEO),
        )
