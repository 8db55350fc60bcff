"""The visit proforma: three editions made by the worker, each holding only what its readers may see;
claimed once, overwritten on re-render, failing visibly and retried from the page."""

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from fht.celery import app as celery_app
from fht.jobs import run_job
from fht.models import Job
from fht.pdf import render_pdf
from fht.roles import Role
from fht.tenancy import trust_scope
from qa_visits.models import Visit, VisitProforma
from qa_visits.proforma import (
    TEMPLATE,
    proforma_context,
    proforma_render_request,
)
from tests.conftest import World
from tests.pdf import pdf_text
from tests.qa_visits.helpers import CaptureOnCommit, request_render, stored, stored_bytes
from tests.qa_visits.world import HEAD_PM_MARKER, STAFFING_MARKER

pytestmark = pytest.mark.django_db

Audience = VisitProforma.Audience
# --- the editions ---------------------------------------------------------------------------------


def _edition(world: World, audience: str) -> str:
    assert world.visit
    with trust_scope(world.trust.pk):
        context = proforma_context(visit_id=world.visit.pk, audience=audience)
    return pdf_text(render_pdf(TEMPLATE, context))


def _common(text: str) -> None:
    assert "Alder Primary" in text
    assert "QA visit proforma" in text
    assert "Trust A" in text
    assert "6 October 2026" in text
    assert "Director of Quality Assurance" in text
    for title in ("Quality of teaching", "Behaviour and attendance", "Agreed next steps"):
        assert title in text
    assert "Agreed next steps: notes for Alder Primary." in text
    # The frozen data: attendance against national and target, and the on-track grid.
    assert "95.2%" in text and "94.5%" in text and "96.0%" in text
    assert "Better than national" in text and "Worse than national" in text
    assert "Disadvantaged" in text and "66.7%" in text
    assert "Amber" in text.title()
    assert "Page 1 of" in text
    assert "Driftwood Primary" not in text


def test_the_open_edition_withholds_every_restricted_section(world: World) -> None:
    text = _edition(world, Audience.OPEN)
    _common(text)
    assert STAFFING_MARKER not in text
    assert HEAD_PM_MARKER not in text
    assert "Staffing and wellbeing" not in text
    assert "Head teacher performance management" not in text
    assert "RESTRICTED" not in text  # neither the page-top marking nor a section's tag


def test_the_heads_edition_has_staffing_but_not_their_performance_management(
    world: World,
) -> None:
    text = _edition(world, Audience.STAFFING)
    _common(text)
    assert STAFFING_MARKER in text
    assert HEAD_PM_MARKER not in text
    assert "Head teacher performance management" not in text
    assert "RESTRICTED" in text


def test_the_full_edition_has_both_restricted_sections_marked(world: World) -> None:
    text = _edition(world, Audience.FULL)
    _common(text)
    assert STAFFING_MARKER in text
    assert HEAD_PM_MARKER in text
    assert "RESTRICTED" in text
    assert "not shared with the head teacher" in text.replace("\n", " ")


def test_the_heads_response_and_moderation_activities_are_printed(world: World) -> None:
    assert world.visit
    with trust_scope(world.trust.pk):
        Visit.objects.filter(pk=world.visit.pk).update(
            head_response="Year 4 attendance was 94.1%, not 93.1%.",
            head_responded_by=world.person(Role.HEAD_TEACHER),
        )
    text = _edition(world, Audience.OPEN)
    assert "Year 4 attendance was 94.1%, not 93.1%." in text
    assert "Head teacher of A" in text
    assert "Learning walk" in text


def test_statutory_outcomes_show_scores_in_the_table_and_percentages_charted(
    world: World,
) -> None:
    assert world.visit
    snapshot = dict(world.visit.snapshot or {})
    snapshot["statutory"] = {
        "academic_year": "2025/26",
        "outcomes": [
            {
                "measure": "phonics_y1",
                "label": "Year 1 phonics screening check",
                "unit": "%",
                "higher_is_better": True,
                "value": 82.0,
                "national": 80.0,
                "target": 85.0,
                "cohort": 30,
                "not_published": False,
            },
            {
                "measure": "ks2_reading_progress",
                "label": "Key Stage 2 reading progress",
                "unit": "score",
                "higher_is_better": True,
                "value": -0.8,
                "national": 0.0,
                "target": None,
                "cohort": 29,
                "not_published": False,
            },
        ],
    }
    with trust_scope(world.trust.pk):
        Visit.objects.filter(pk=world.visit.pk).update(snapshot=snapshot)
        context = proforma_context(visit_id=world.visit.pk, audience=Audience.OPEN)
    assert context["data"].statutory_chart.startswith("data:image/svg+xml;base64,")
    text = pdf_text(render_pdf(TEMPLATE, context))
    assert "Statutory outcomes 2025/26" in text
    assert "82.0%" in text and "-0.80" in text


def test_a_visit_without_data_still_renders(world: World) -> None:
    assert world.visit
    with trust_scope(world.trust.pk):
        Visit.objects.filter(pk=world.visit.pk).update(snapshot=None)
    text = _edition(world, Audience.OPEN)
    assert "No data had been returned" in text


def test_submission_makes_three_editions_privately(
    world: World, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    assert world.visit
    job = request_render(world, world.visit, django_capture_on_commit_callbacks)
    assert job.status == Job.Status.DONE
    assert job.message == "Version 1: the proforma is ready."
    editions = stored(world.visit)
    assert set(editions) == {Audience.FULL, Audience.STAFFING, Audience.OPEN}
    for audience, proforma in editions.items():
        assert proforma.version == 1
        assert proforma.file.name == (
            f"proformas/trust-{world.trust.pk}/visit-{world.visit.pk}-{audience}.pdf"
        )
        assert stored_bytes(proforma).startswith(b"%PDF")
    assert STAFFING_MARKER not in pdf_text(stored_bytes(editions[Audience.OPEN]))


def test_a_job_delivered_twice_renders_once(
    world: World, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    assert world.visit
    job = request_render(world, world.visit, django_capture_on_commit_callbacks)
    first = {a: p.rendered_at for a, p in stored(world.visit).items()}
    run_job.apply(kwargs={"trust_id": world.trust.pk, "job_id": job.pk}).get()
    with scopes_disabled():
        job.refresh_from_db()
    assert job.attempts == 1
    assert {a: p.rendered_at for a, p in stored(world.visit).items()} == first
    folder = f"proformas/trust-{world.trust.pk}"
    assert len(default_storage.listdir(folder)[1]) == 3


def test_a_rerender_after_amendment_overwrites(
    world: World, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    assert world.visit
    request_render(world, world.visit, django_capture_on_commit_callbacks)
    with trust_scope(world.trust.pk):
        world.visit.sections.filter(key="next_steps").update(notes="Phonics lead to re-audit.")
        Visit.objects.filter(pk=world.visit.pk).update(version=2)
        world.visit.refresh_from_db()
    job = request_render(world, world.visit, django_capture_on_commit_callbacks)
    assert job.message == "Version 2: the proforma is ready."
    editions = stored(world.visit)
    assert len(editions) == 3
    assert {p.version for p in editions.values()} == {2}
    assert "Phonics lead to re-audit." in pdf_text(stored_bytes(editions[Audience.OPEN]))
    folder = f"proformas/trust-{world.trust.pk}"
    assert len(default_storage.listdir(folder)[1]) == 3  # overwritten, not piled up


def test_an_older_job_arriving_late_does_not_replace_a_newer_version(
    world: World, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    assert world.visit
    request_render(world, world.visit, django_capture_on_commit_callbacks)
    with scopes_disabled():
        VisitProforma.objects.filter(visit=world.visit).update(version=5)
        late = Job.objects.create(
            trust=world.trust, kind="visit_proforma", object_id=world.visit.pk
        )
    run_job.apply(kwargs={"trust_id": world.trust.pk, "job_id": late.pk}).get()
    with scopes_disabled():
        late.refresh_from_db()
    assert late.status == Job.Status.DONE
    assert late.message == "A newer version had already been made."
    assert {p.version for p in stored(world.visit).values()} == {5}


def test_a_job_of_one_trust_does_nothing_under_another(world: World) -> None:
    assert world.visit
    with scopes_disabled():
        job = Job.objects.create(trust=world.trust, kind="visit_proforma", object_id=world.visit.pk)
    run_job.apply(kwargs={"trust_id": world.other_trust.pk, "job_id": job.pk}).get()
    with scopes_disabled():
        job.refresh_from_db()
        assert job.status == Job.Status.QUEUED
    assert stored(world.visit) == {}


def test_a_job_for_a_visit_that_is_gone_fails_without_retrying(world: World) -> None:
    with scopes_disabled():
        job = Job.objects.create(trust=world.trust, kind="visit_proforma", object_id=999999)
    run_job.apply(kwargs={"trust_id": world.trust.pk, "job_id": job.pk}).get()
    with scopes_disabled():
        job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.message == "The visit no longer exists."
    assert job.attempts == 1


def test_a_render_error_is_retried_then_marked_failed_and_the_page_retries_it(
    world: World,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: CaptureOnCommit,
) -> None:
    assert world.visit
    calls: list[str] = []

    def broken(template_name: str, context: object) -> bytes:
        calls.append(template_name)
        raise OSError("disk full")

    monkeypatch.setattr("qa_visits.proforma.pdf.render_pdf", broken)
    celery_app.conf.task_eager_propagates = False  # let eager retries happen as a worker's would
    try:
        job = request_render(world, world.visit, django_capture_on_commit_callbacks)
    finally:
        celery_app.conf.task_eager_propagates = True
    assert len(calls) == 3  # the first try and two retries, each failing on the first edition
    assert job.status == Job.Status.FAILED
    assert job.message == "The proforma could not be made (OSError)."
    assert job.attempts == 3
    assert stored(world.visit) == {}

    # The visit page's banner shows the failure and its retry button; the button queues it again.
    monkeypatch.undo()
    client = Client()
    client.force_login(world.person(Role.QA_DIRECTOR))
    banner = client.get(
        reverse("job_status", kwargs={"job_id": job.pk}), headers={"HX-Request": "true"}
    ).content.decode()
    assert "The proforma could not be made (OSError)." in banner
    assert reverse("job_retry", kwargs={"job_id": job.pk}) in banner
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("job_retry", kwargs={"job_id": job.pk}))
    assert response.status_code == 302
    with scopes_disabled():
        job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert len(stored(world.visit)) == 3


def test_asking_again_while_a_render_waits_reuses_its_job(world: World) -> None:
    assert world.visit
    director = world.person(Role.QA_DIRECTOR)
    with trust_scope(world.trust.pk):
        first = proforma_render_request(visit=world.visit, acting_user=director)
        world.visit.refresh_from_db()
        second = proforma_render_request(visit=world.visit, acting_user=director)
    assert first.pk == second.pk
    with scopes_disabled():
        assert Job.objects.filter(kind="visit_proforma").count() == 1
