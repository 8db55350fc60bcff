"""The action plan as files: the PDF made by the worker (claimed once, overwritten on re-render,
failing visibly and retried from the page), downloaded by the plan's readers only; the actions and
support CSV files, guarded against formula injection, in a fixed number of queries."""

import csv
import datetime as dt
import io
from collections.abc import Callable
from contextlib import AbstractContextManager
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from fht.celery import app as celery_app
from fht.jobs import run_job
from fht.models import Job, User
from fht.pdf import render_pdf
from fht.rag import Rag
from fht.roles import Role
from fht.tenancy import trust_scope
from isap import services
from isap.export import (
    ACTION_COLUMNS,
    SUPPORT_COLUMNS,
    TEMPLATE,
    action_rows,
    plan_pdf_context,
    plan_pdf_render_request,
    plan_pdf_request,
    plan_pdf_status,
)
from isap.models import Action, Deployment, Plan, Priority, ProgressNote, Target
from tests.conftest import World
from tests.pdf import pdf_text

pytestmark = pytest.mark.django_db

CaptureOnCommit = Callable[..., AbstractContextManager[Any]]
PRINTED = dt.date(2027, 1, 11)  # the world's action (due 18 December 2026) is overdue by then


# --- helpers ------------------------------------------------------------------------------------


def _client(user: User | None) -> Client:
    assert user is not None
    client = Client()
    client.force_login(user)
    return client


def _plan(world: World) -> Plan:
    assert world.plan
    with scopes_disabled():
        return Plan.objects.select_related("trust", "school__cluster", "academic_year").get(
            pk=world.plan.pk
        )


def _fresh(plan: Plan) -> Plan:
    with scopes_disabled():
        return Plan.objects.get(pk=plan.pk)


def _job(job: Job) -> Job:
    with scopes_disabled():
        job.refresh_from_db()
    return job


def _request(world: World, capture: CaptureOnCommit, by: User | None = None) -> Job:
    """As a service does: the job is recorded and queued on commit; the task runs in-process here
    (eager Celery), after the commit."""
    plan = _plan(world)
    with capture(execute=True), trust_scope(world.trust.pk), transaction.atomic():
        job = plan_pdf_request(plan=plan, requested_by=by or world.person(Role.QA_DIRECTOR))
    return _job(job)


def _stored(plan: Plan) -> bytes:
    fresh = _fresh(plan)
    with fresh.pdf.open("rb") as handle:
        data: bytes = handle.read()
    return data


def _files(world: World) -> list[str]:
    return default_storage.listdir(f"isap/plans/trust-{world.trust.pk}")[1]


def _sign_all(world: World, plan: Plan) -> None:
    with trust_scope(world.trust.pk):
        services.plan_sign(plan=plan, signatory="head", acting_user=world.person(Role.HEAD_TEACHER))
        services.plan_sign(
            plan=plan, signatory="director", acting_user=world.person(Role.QA_DIRECTOR)
        )
        services.plan_sign(plan=plan, signatory="cpd_lead", acting_user=world.person(Role.CPD_LEAD))


def _add_action(
    world: World, priority: Priority, what: str, *, due: dt.date, **values: Any
) -> Action:
    with scopes_disabled():
        return Action.objects.create(
            trust=world.trust,
            priority=priority,
            what=what,
            owner_role=values.pop("owner_role", "Maths lead"),
            starts_on=dt.date(2026, 9, 7),
            due_on=due,
            **values,
        )


def _priority(world: World) -> Priority:
    assert world.plan
    with scopes_disabled():
        return Priority.objects.get(plan=world.plan)


def _csv_rows(response: Any) -> list[list[str]]:
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


# --- what the PDF says --------------------------------------------------------------------------


def _pdf_of(world: World, plan: Plan, today: dt.date = PRINTED) -> str:
    with trust_scope(world.trust.pk):
        context = plan_pdf_context(plan=plan, today=today)
    return pdf_text(render_pdf(TEMPLATE, context))


def test_the_pdf_holds_the_agreed_plan(world: World) -> None:
    plan = _plan(world)
    _sign_all(world, plan)
    _add_action(
        world,
        _priority(world),
        "Audit reading books against the scheme",
        due=dt.date(2027, 3, 1),
        rag=Rag.RED,
        status=Action.Status.IN_PROGRESS,
    )
    text = _pdf_of(world, _plan(world))
    flat = " ".join(text.split())

    assert "Individual School Action Plan" in text and "Trust A" in text
    assert "Alder Primary" in text and "2026/27" in text
    assert "Priority 1: Raise attainment in early reading" in flat
    assert "QA visit (QA visit, October 2026)" in flat
    # The target: measure, baseline, now (the latest data return), target, by when.
    assert "Attendance" in text and "93.0%" in text and "96.0%" in text and "95.2%" in text
    assert "16 Jul 2027" in text
    # The actions, their RAG in words and their latest note.
    assert "Train all KS1 staff in the phonics scheme" in flat
    assert "Audit reading books against the scheme" in flat
    assert "Amber" in text.title() and "Red" in text.title()
    assert "Half the staff trained; the rest in November." in flat
    # Overdue and red actions, marked in words.
    assert "OVERDUE" in text
    assert "Needs attention" in text
    assert "overdue, due 18 December 2026" in flat and "rated red" in flat
    # The three signatures, with names and dates, and the date it was agreed.
    today = timezone.localdate().strftime("%-d %B %Y")
    assert f"Agreed on {today}" in flat
    for name in ("Head teacher of A", "Director of Quality Assurance of A", "CPD lead"):
        assert name in flat
    assert "Not signed" not in text
    # Core offer and support: days used and left, costs by who pays, the deployment.
    assert "Core-offer days, 2026/27" in flat
    assert "Core offer (trust)" in text and "£0.00" in text
    assert "Lead practitioner of A" in flat
    assert "Phonics lessons follow the scheme in every class." in flat
    assert "Page 1 of" in text
    assert "Driftwood Primary" not in text


def test_an_unagreed_plan_says_so_and_who_has_not_signed(world: World) -> None:
    text = _pdf_of(world, _plan(world), today=dt.date(2026, 11, 2))
    flat = " ".join(text.split())
    assert "Not yet agreed" in flat
    assert flat.count("Not signed") == 3
    assert "OVERDUE" not in text  # nothing is past its due date on 2 November
    assert "Needs attention" not in text


def test_core_offer_days_over_the_allowance_are_said_in_words(world: World) -> None:
    with scopes_disabled():
        Deployment.objects.filter(priority__plan=world.plan).update(days=Decimal("40"))
    flat = " ".join(_pdf_of(world, _plan(world)).split())
    assert "Over the allowance by" in flat


# --- the job ------------------------------------------------------------------------------------


def test_the_job_makes_the_pdf_and_stores_it_privately(
    world: World, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    job = _request(world, django_capture_on_commit_callbacks)
    assert job.status == Job.Status.DONE
    assert job.message == "The PDF of the plan is ready."
    assert job.kind == "isap_pdf" and job.object_id == _plan(world).pk
    plan = _fresh(_plan(world))
    assert plan.pdf_job_id == job.pk
    assert plan.pdf.name == f"isap/plans/trust-{world.trust.pk}/plan-{plan.pk}.pdf"
    assert plan.pdf_rendered_at is not None
    data = _stored(plan)
    assert data.startswith(b"%PDF")
    assert "Raise attainment in early reading" in pdf_text(data)
    # The plan's history does not record the PDF being made.
    with scopes_disabled():
        assert plan.history.count() == 1


def test_a_job_delivered_twice_renders_once(
    world: World, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    job = _request(world, django_capture_on_commit_callbacks)
    first = _fresh(_plan(world)).pdf_rendered_at
    run_job.apply(kwargs={"trust_id": world.trust.pk, "job_id": job.pk}).get()
    assert _job(job).attempts == 1
    assert _fresh(_plan(world)).pdf_rendered_at == first
    assert len(_files(world)) == 1


def test_a_rerender_overwrites_the_one_file(
    world: World, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    _request(world, django_capture_on_commit_callbacks)
    before = _fresh(_plan(world))
    with scopes_disabled():
        Action.objects.filter(priority__plan=world.plan).update(
            what="Coach KS1 staff in phonics, weekly"
        )
    job = _request(world, django_capture_on_commit_callbacks)
    assert job.status == Job.Status.DONE
    after = _fresh(_plan(world))
    assert after.pdf.name == before.pdf.name
    assert after.pdf_rendered_at and before.pdf_rendered_at
    assert after.pdf_rendered_at > before.pdf_rendered_at
    text = " ".join(pdf_text(_stored(after)).split())
    assert "Coach KS1 staff in phonics, weekly" in text
    assert "Train all KS1 staff" not in text
    assert _files(world) == [f"plan-{after.pk}.pdf"]  # overwritten, not piled up


def test_an_older_job_finishing_late_does_not_replace_a_newer_pdf(
    world: World, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    _request(world, django_capture_on_commit_callbacks)
    later = timezone.now() + dt.timedelta(minutes=5)
    with scopes_disabled():
        Plan.objects.filter(pk=_plan(world).pk).update(pdf_rendered_at=later)
        late = Job.objects.create(trust=world.trust, kind="isap_pdf", object_id=_plan(world).pk)
    run_job.apply(kwargs={"trust_id": world.trust.pk, "job_id": late.pk}).get()
    assert _job(late).status == Job.Status.DONE
    assert late.message == "A newer PDF of the plan had already been made."
    assert _fresh(_plan(world)).pdf_rendered_at == later


def test_a_job_of_one_trust_does_nothing_under_another(world: World) -> None:
    with scopes_disabled():
        job = Job.objects.create(trust=world.trust, kind="isap_pdf", object_id=_plan(world).pk)
    run_job.apply(kwargs={"trust_id": world.other_trust.pk, "job_id": job.pk}).get()
    assert _job(job).status == Job.Status.QUEUED
    assert not _fresh(_plan(world)).pdf


def test_a_job_for_a_plan_of_another_trust_fails(world: World) -> None:
    assert world.other_plan
    with scopes_disabled():
        job = Job.objects.create(trust=world.trust, kind="isap_pdf", object_id=world.other_plan.pk)
    run_job.apply(kwargs={"trust_id": world.trust.pk, "job_id": job.pk}).get()
    assert _job(job).status == Job.Status.FAILED
    assert job.message == "The plan no longer exists."
    assert job.attempts == 1
    assert not _fresh(world.other_plan).pdf


def test_a_render_error_is_retried_then_failed_and_a_reader_retries_it(
    world: World,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: CaptureOnCommit,
) -> None:
    calls: list[str] = []

    def broken(template_name: str, context: object) -> bytes:
        calls.append(template_name)
        raise OSError("disk full")

    monkeypatch.setattr("isap.export.pdf.render_pdf", broken)
    celery_app.conf.task_eager_propagates = False  # let eager retries happen as a worker's would
    try:
        job = _request(world, django_capture_on_commit_callbacks)
    finally:
        celery_app.conf.task_eager_propagates = True
    assert calls == [TEMPLATE] * 3  # the first try and two retries
    assert job.status == Job.Status.FAILED
    assert job.message == "The PDF of the plan could not be made (OSError)."
    assert job.attempts == 3
    assert not _fresh(_plan(world)).pdf

    # A governor (a reader) sees the failure and its retry button, and the button queues it again.
    monkeypatch.undo()
    client = _client(world.person(Role.GOVERNOR))
    banner = client.get(
        reverse("job_status", kwargs={"job_id": job.pk}), headers={"HX-Request": "true"}
    ).content.decode()
    assert "The PDF of the plan could not be made (OSError)." in banner
    assert reverse("job_retry", kwargs={"job_id": job.pk}) in banner
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("job_retry", kwargs={"job_id": job.pk}))
    assert response.status_code == 302
    assert _job(job).status == Job.Status.DONE
    assert _stored(_plan(world)).startswith(b"%PDF")


def test_the_job_is_followed_by_the_plans_readers_only(
    world: World, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    job = _request(world, django_capture_on_commit_callbacks)
    url = reverse("job_status", kwargs={"job_id": job.pk})
    for reader in (world.person(Role.GOVERNOR), world.person(Role.TRUSTEE)):
        assert _client(reader).get(url).status_code == 200
    for stranger in (world.colleague, world.south_head, world.other_head, world.stranger):
        assert _client(stranger).get(url).status_code == 404
        assert (
            _client(stranger).post(reverse("job_retry", kwargs={"job_id": job.pk})).status_code
            == 404
        )


def test_asking_again_reuses_a_waiting_job_but_not_a_running_one(world: World) -> None:
    governor = world.person(Role.GOVERNOR)
    with trust_scope(world.trust.pk):
        first = plan_pdf_render_request(plan=_plan(world), acting_user=governor)
        second = plan_pdf_render_request(plan=_plan(world), acting_user=governor)
        assert first.pk == second.pk
        Job.objects.filter(pk=first.pk).update(status=Job.Status.RUNNING, started_at=timezone.now())
        third = plan_pdf_render_request(plan=_plan(world), acting_user=governor)
    assert third.pk != first.pk
    assert _fresh(_plan(world)).pdf_job_id == third.pk
    assert third.requested_by == governor


# --- downloading ----------------------------------------------------------------------------------


def test_before_it_is_made_the_download_says_so(world: World) -> None:
    url = reverse("isap:plan_pdf", kwargs={"plan_id": _plan(world).pk})
    response = _client(world.person(Role.GOVERNOR)).get(url)
    assert response.status_code == 404
    body = response.content.decode()
    assert "The PDF of the plan is not ready yet" in body
    assert reverse("isap:plan_pdf_render", kwargs={"plan_id": _plan(world).pk}) in body


def test_readers_download_the_pdf_and_others_get_404(
    world: World, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    _request(world, django_capture_on_commit_callbacks)
    url = reverse("isap:plan_pdf", kwargs={"plan_id": _plan(world).pk})
    for role in (Role.GOVERNOR, Role.HEAD_TEACHER, Role.LEAD_PRACTITIONER, Role.TRUSTEE):
        response = _client(world.person(role)).get(url)
        assert response.status_code == 200, role
        assert response["Content-Type"] == "application/pdf"
        assert response["Cache-Control"] == "private, no-store"
        assert response["Content-Disposition"] == (
            'attachment; filename="isap-alder-primary-2026-27.pdf"'
        )
        body = response.getvalue()
        assert "Alder Primary" in pdf_text(body)
    for stranger in (world.colleague, world.south_head, world.other_head, world.stranger):
        assert _client(stranger).get(url).status_code == 404


def test_a_reader_has_the_pdf_made_from_the_page(
    world: World, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    governor = world.person(Role.GOVERNOR)
    plan = _plan(world)
    with django_capture_on_commit_callbacks(execute=True):
        response = _client(governor).post(
            reverse("isap:plan_pdf_render", kwargs={"plan_id": plan.pk})
        )
    assert response.status_code == 302
    job = _fresh(plan).pdf_job
    assert job is not None
    try:
        expected = reverse("isap:plan", kwargs={"plan_id": plan.pk})
    except NoReverseMatch:  # the plan page is not in the project yet: its job page stands in
        expected = reverse("job_status", kwargs={"job_id": job.pk})
    assert response["Location"] == expected
    assert _job(job).status == Job.Status.DONE and job.requested_by == governor
    assert _stored(plan).startswith(b"%PDF")


def test_readers_of_other_schools_cannot_have_it_made(world: World) -> None:
    url = reverse("isap:plan_pdf_render", kwargs={"plan_id": _plan(world).pk})
    for stranger in (world.colleague, world.south_head, world.other_head):
        assert _client(stranger).post(url).status_code == 404
    assert _fresh(_plan(world)).pdf_job_id is None


# --- the plan page's partial --------------------------------------------------------------------


def _partial(world: World, **context: Any) -> str:
    return render_to_string("isap/_pdf_status.html", {"plan": _fresh(_plan(world)), **context})


def test_the_partial_before_any_pdf(world: World, django_assert_num_queries: Any) -> None:
    plan = _plan(world)
    with trust_scope(world.trust.pk):
        status = plan_pdf_status(plan=plan, user=world.person(Role.GOVERNOR))
    assert status == {"pdf_job": None, "can_request_pdf": True}
    context = {"plan": _fresh(plan), **status}
    with django_assert_num_queries(0):
        html = render_to_string("isap/_pdf_status.html", context)
    assert "has not been made yet" in html
    assert reverse("isap:plan_pdf_render", kwargs={"plan_id": plan.pk}) in html
    assert reverse("isap:plan_pdf", kwargs={"plan_id": plan.pk}) not in html
    assert reverse("isap:plan_csv", kwargs={"plan_id": plan.pk}) in html
    assert reverse("isap:support_csv", kwargs={"plan_id": plan.pk}) in html


def test_the_partial_with_a_made_pdf_and_with_a_failed_job(
    world: World, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    job = _request(world, django_capture_on_commit_callbacks)
    plan = _plan(world)
    html = _partial(world, pdf_job=job, can_request_pdf=True)
    assert reverse("isap:plan_pdf", kwargs={"plan_id": plan.pk}) in html
    assert "Make the PDF again" in html
    assert "job-" not in html  # a finished job's banner is left out
    with scopes_disabled():
        Job.objects.filter(pk=job.pk).update(status=Job.Status.FAILED, message="It broke.")
    html = _partial(world, pdf_job=_job(job), can_request_pdf=True)
    assert "It broke." in html and reverse("job_retry", kwargs={"job_id": job.pk}) in html
    html = _partial(world, pdf_job=_job(job), can_request_pdf=False)
    assert reverse("job_retry", kwargs={"job_id": job.pk}) not in html
    assert reverse("isap:plan_pdf_render", kwargs={"plan_id": plan.pk}) not in html


# --- the CSV files --------------------------------------------------------------------------------


def test_the_actions_csv_has_one_row_per_action(world: World) -> None:
    today = timezone.localdate()
    priority = _priority(world)
    late = _add_action(
        world,
        priority,
        '=HYPERLINK("http://evil.example","Click")',
        due=today - dt.timedelta(days=3),
        owner_role="+44 SENCo",
        rag=Rag.RED,
        school_impact="-2 points since September",
        director_impact="@risk: needs a plan",
    )
    with scopes_disabled():
        ProgressNote.objects.create(
            trust=world.trust, action=late, written_on=today, text="=1+1 still to do"
        )
        ProgressNote.objects.create(
            trust=world.trust, action=late, written_on=today - dt.timedelta(days=9), text="Older"
        )
    _add_action(
        world,
        priority,
        "Finished long ago",
        due=today - dt.timedelta(days=30),
        status=Action.Status.COMPLETED,
    )
    response = _client(world.person(Role.GOVERNOR)).get(
        reverse("isap:plan_csv", kwargs={"plan_id": _plan(world).pk})
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="isap-alder-primary-2026-27-actions-{today.isoformat()}.csv"'
    )
    header, *rows = _csv_rows(response)
    assert header == ACTION_COLUMNS
    assert len(rows) == 3
    by_action = {row[4]: dict(zip(header, row, strict=True)) for row in rows}
    injected = by_action['\'=HYPERLINK("http://evil.example","Click")']
    assert injected == {
        "Priority number": "1",
        "Priority": "Raise attainment in early reading",
        "Source": "QA visit",
        "Source reference": "QA visit, October 2026",
        "Action": '\'=HYPERLINK("http://evil.example","Click")',
        "Responsible": "'+44 SENCo",
        "Start": "2026-09-07",
        "Due": (today - dt.timedelta(days=3)).isoformat(),
        "Status": "Not started",
        "RAG": "Red",
        "Overdue": "Yes",
        "Latest note date": today.isoformat(),
        "Latest note": "'=1+1 still to do",
        "School's judgement of impact": "'-2 points since September",
        "Director's judgement of impact": "'@risk: needs a plan",
    }
    world_action = by_action["Train all KS1 staff in the phonics scheme"]
    assert world_action["Responsible"] == "Head teacher of A"
    assert world_action["RAG"] == "Amber" and world_action["Status"] == "In progress"
    assert world_action["Latest note"] == "Half the staff trained; the rest in November."
    assert world_action["Overdue"] == ("Yes" if today > dt.date(2026, 12, 18) else "No")
    finished = by_action["Finished long ago"]
    assert finished["Overdue"] == "No" and finished["RAG"] == "Not rated"
    assert finished["Latest note date"] == "" and finished["Latest note"] == ""


def test_overdue_counts_only_open_actions_past_their_due_date(world: World) -> None:
    with trust_scope(world.trust.pk):
        before = action_rows(plan=_plan(world), today=dt.date(2026, 12, 18))
        after = action_rows(plan=_plan(world), today=dt.date(2026, 12, 19))
    overdue = ACTION_COLUMNS.index("Overdue")
    assert [r[overdue] for r in before] == ["No"] and [r[overdue] for r in after] == ["Yes"]


def test_the_support_csv_has_one_row_per_deployment(world: World) -> None:
    with scopes_disabled():
        Deployment.objects.create(
            trust=world.trust,
            priority=_priority(world),
            provider=Deployment.Provider.EXTERNAL,
            provider_name="=cmd|' /C calc'!A0",
            days=Decimal("1.5"),
            cost=Decimal("1250"),
            funder=Deployment.Funder.SCHOOL,
            starts_on=dt.date(2027, 1, 18),
            desired_outcome="Writing moderation is accurate.",
            impact="Teachers' judgements now agree with the moderator's.",
        )
    response = _client(world.person(Role.HEAD_TEACHER)).get(
        reverse("isap:support_csv", kwargs={"plan_id": _plan(world).pk})
    )
    assert response.status_code == 200
    header, *rows = _csv_rows(response)
    assert header == SUPPORT_COLUMNS
    assert rows == [
        [
            "1",
            "Raise attainment in early reading",
            "Lead practitioner",
            "Lead practitioner of A",
            "2026-10-12",
            "2.0",
            "0.00",
            "Core offer (trust)",
            "Phonics lessons follow the scheme in every class.",
            "",
        ],
        [
            "1",
            "Raise attainment in early reading",
            "External provider",
            "'=cmd|' /C calc'!A0",
            "2027-01-18",
            "1.5",
            "1250.00",
            "The school",
            "Writing moderation is accurate.",
            "Teachers' judgements now agree with the moderator's.",
        ],
    ]


def test_the_csv_files_are_for_the_plans_readers_only(world: World) -> None:
    plan_id = _plan(world).pk
    for name in ("isap:plan_csv", "isap:support_csv"):
        url = reverse(name, kwargs={"plan_id": plan_id})
        assert _client(world.person(Role.CHAIR_OF_GOVERNORS)).get(url).status_code == 200
        for stranger in (world.colleague, world.south_head, world.other_head, world.stranger):
            assert _client(stranger).get(url).status_code == 404, (name, stranger)


def _csv_queries(world: World, name: str) -> int:
    client = _client(world.person(Role.GOVERNOR))
    url = reverse(name, kwargs={"plan_id": _plan(world).pk})
    client.get(url)  # warm the session and the permission cache as any later request would
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_csv_queries_do_not_grow_with_the_plan(
    world: World, django_assert_max_num_queries: Any
) -> None:
    small = {name: _csv_queries(world, name) for name in ("isap:plan_csv", "isap:support_csv")}
    priority = _priority(world)
    owners = [world.person(role) for role in (Role.HEAD_TEACHER, Role.GOVERNOR, Role.TRUSTEE)]
    with scopes_disabled():
        for n in range(12):
            action = Action.objects.create(
                trust=world.trust,
                priority=priority,
                what=f"Action {n}",
                owner=owners[n % 3],
                starts_on=dt.date(2026, 9, 7),
                due_on=dt.date(2027, 2, 1),
            )
            ProgressNote.objects.create(
                trust=world.trust, action=action, written_on=dt.date(2026, 10, 1), text="Note"
            )
            Deployment.objects.create(
                trust=world.trust,
                priority=priority,
                provider=Deployment.Provider.SLE,
                person=owners[n % 3],
                days=Decimal("1"),
                funder=Deployment.Funder.CORE_OFFER,
                starts_on=dt.date(2026, 11, 2),
                desired_outcome="Better",
            )
        second = Priority.objects.create(
            trust=world.trust, plan=_plan(world), number=2, title="Maths", source="ofsted"
        )
        Target.objects.create(
            trust=world.trust,
            priority=second,
            description="Lessons judged good",
            target=Decimal("80"),
            by_when=dt.date(2027, 7, 1),
        )
    large = {name: _csv_queries(world, name) for name in ("isap:plan_csv", "isap:support_csv")}
    assert large == small
    client = _client(world.person(Role.GOVERNOR))
    url = reverse("isap:plan_csv", kwargs={"plan_id": _plan(world).pk})
    client.get(url)
    # Session, person, plan, roles and permissions (5); priorities, targets, actions, their notes,
    # deployments, their notes (6); the audit trail's row of the export (savepoint, insert and
    # release: 3).
    with django_assert_max_num_queries(16):
        client.get(url)
