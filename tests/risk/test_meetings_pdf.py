"""The pack and the minutes: made by the worker, both editions at once; the full edition holds the
restricted criterion and goes only to who reads every school's restricted parts."""

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from fht.models import Job
from fht.roles import Role
from risk.models import Meeting, MeetingDocument
from risk.services.meetings import ItemData, meeting_item_save
from risk.services.meetings_pdf import document_render
from tests.conftest import World
from tests.pdf import pdf_text
from tests.qa_visits.world import HEAD_PM_MARKER, add_visit
from tests.risk.world_meetings import PM_MARKER, closed_meeting_with_action, item_of, open_meeting

pytestmark = pytest.mark.django_db

DISCUSSION = "Governors to be told of the staffing plan"


def _judged(world: World) -> Meeting:
    meeting = open_meeting(world)
    with scopes_disabled():
        meeting_item_save(
            item=item_of(meeting, world.s1.pk),
            version=1,
            data=ItemData(
                proposed_category="C",
                agreed_category="C",
                category_reason="Leadership capacity is thin.",
                discussion=DISCUSSION,
                judgements={
                    "leadership": ("high", "Deputy on long-term leave"),
                    "performance_management": ("high", PM_MARKER),
                },
            ),
            acting_user=world.person(Role.CEO),
        )
    return meeting


def _flat(data: bytes) -> str:
    return " ".join(pdf_text(data).split())


def test_the_pack_holds_the_evidence_and_the_restricted_text_only_in_full(world: World) -> None:
    closed_meeting_with_action(world)
    assert world.year is not None
    with scopes_disabled():  # a visit whose head-performance section holds restricted text
        add_visit(world.s1, world.year, world.person(Role.QA_DIRECTOR), on=dt.date(2026, 11, 23))
    meeting = _judged(world)
    with scopes_disabled():
        meeting = Meeting.objects.select_related("trust", "half_term").get(pk=meeting.pk)
        full = _flat(document_render(meeting=meeting, document="pack", edition="full"))
        standard = _flat(document_render(meeting=meeting, document="pack", edition="standard"))
    for text in (full, standard):
        assert world.s1.name in text and world.s3.name in text
        assert "Deputy on long-term leave" in text
        assert "Phonics leader to audit Year 1 groups" in text  # the earlier action, for review
        assert DISCUSSION not in text  # the pack is read before: the discussion is the minutes'
    assert PM_MARKER in full and "RESTRICTED" in full and HEAD_PM_MARKER in full
    assert PM_MARKER not in standard and "Performance management" not in standard
    assert HEAD_PM_MARKER not in standard


def test_the_minutes_hold_decisions_and_actions(world: World) -> None:
    meeting = _judged(world)
    with scopes_disabled():
        meeting = Meeting.objects.select_related("trust", "half_term").get(pk=meeting.pk)
        full = _flat(document_render(meeting=meeting, document="minutes", edition="full"))
        standard = _flat(document_render(meeting=meeting, document="minutes", edition="standard"))
    assert "Agreed category: C" in standard and "Leadership capacity is thin." in standard
    assert DISCUSSION in standard
    assert PM_MARKER in full and PM_MARKER not in standard


def _download(client: Client, meeting: Meeting, document: str) -> Any:
    return client.get(reverse("risk:meeting_pdf", args=[meeting.pk, document]))


def test_the_worker_makes_both_editions_and_each_reader_gets_theirs(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    meeting = _judged(world)
    ceo, director = Client(), Client()
    ceo.force_login(world.person(Role.CEO))
    director.force_login(world.person(Role.QA_DIRECTOR))
    assert _download(ceo, meeting, "pack").status_code == 404  # not made yet
    with django_capture_on_commit_callbacks(execute=True):
        made = ceo.post(reverse("risk:meeting_pdf_make", args=[meeting.pk, "pack"]))
    assert made.status_code == 302
    with scopes_disabled():
        job = Job.objects.get(kind="risk_meeting_pack")
        editions = set(MeetingDocument.objects.values_list("edition", flat=True))
    assert job.status == Job.Status.DONE and editions == {"full", "standard"}
    page = ceo.get(reverse("risk:meeting_detail", args=[meeting.pk])).content.decode()
    assert "Download the pack (PDF)" in page
    full = _download(ceo, meeting, "pack")
    # The Director of QA reads c1's restricted parts only, not s3's: the standard edition.
    standard = _download(director, meeting, "pack")
    assert PM_MARKER in _flat(b"".join(full.streaming_content))
    assert PM_MARKER not in _flat(b"".join(standard.streaming_content))
    assert _download(ceo, meeting, "agenda").status_code == 404


def test_minutes_of_a_closed_meeting_show_the_frozen_record(world: World) -> None:
    meeting, action = closed_meeting_with_action(world)
    with scopes_disabled():
        meeting = Meeting.objects.select_related("trust", "half_term").get(pk=meeting.pk)
        text = _flat(document_render(meeting=meeting, document="minutes", edition="standard"))
    assert "Held on 15 October 2026" in text and action.what in text
    assert dt.date(2026, 10, 15) == meeting.held_on


def test_the_meeting_page_follows_a_waiting_job_with_the_banner(world: World) -> None:
    meeting = open_meeting(world)
    ceo = Client()
    ceo.force_login(world.person(Role.CEO))
    ceo.post(reverse("risk:meeting_pdf_make", args=[meeting.pk, "minutes"]))  # not run yet
    page = ceo.get(reverse("risk:meeting_detail", args=[meeting.pk])).content.decode()
    assert "Make the risk meeting minutes" in page and "Waiting to start" in page
    with scopes_disabled():
        job = Job.objects.get(kind="risk_meeting_minutes")
    other = Client()
    other.force_login(world.person(Role.TRUSTEE))
    assert other.get(reverse("job_status", args=[job.pk])).status_code == 404
    assert ceo.get(reverse("job_status", args=[job.pk])).status_code == 200
