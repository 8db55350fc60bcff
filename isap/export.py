"""The action plan out of the product: a PDF made by a worker, and two CSV files.

The PDF is a job of the kind `PLAN_PDF_JOB` (registered in apps.py): `plan_pdf_request` queues it
inside the caller's transaction, and the job pipeline runs `plan_pdf_render`, which renders `TEMPLATE` from
`plan_pdf_context` (built from `isap.selectors.plan_page`) and stores the file privately, one name
per plan, so a new render overwrites the old one.

There is one edition: a plan holds nothing restricted (everyone who reads the school reads the
whole plan page), so every reader downloads the same file, and every reader may have it made
afresh (`can_retry_job`): it only turns what they may already read into a document.

The CSV files are the plan's actions (`action_rows`) and the support deployed (`support_rows`),
one row each, in the plan's order.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from fht.jobs import JobRefused, job_queue
from fht.models import Job, User
from fht.pdf import render_pdf
from fht.registry import JobKind
from isap.models import Action, Deployment, Plan, Priority, ProgressNote, Signature, Target
from isap.selectors import (
    SUPPORT_DAYS,
    Can,
    CurrentValue,
    PlanPage,
    may,
    plan_page,
    plan_priorities,
)
from qa_visits.sections import Rag
from qa_visits.selectors import VISIT_DAYS
from returns.measures import Unit, info

TEMPLATE = "isap/pdf/plan.html"
PLAN_PDF_JOB_KEY = "isap_pdf"
BLANK = "\N{EN DASH}"
RAG_WORDS: dict[str, str] = {str(value): str(label) for value, label in Rag.choices}
NOT_RATED = "Not rated"


# --- formatting -------------------------------------------------------------------------------


def _figure(value: Decimal | float | None, unit: str) -> str:
    if value is None:
        return BLANK
    if unit == Unit.PERCENT:
        return f"{value:.1f}%"
    if unit == Unit.SCORE:
        return f"{value:+.2f}"
    return f"{Decimal(str(value)).normalize():f}"


def _days(value: Decimal) -> str:
    return f"{value.normalize():f}" if value == value.to_integral() else f"{value:.1f}"


def _money(value: Decimal) -> str:
    return f"£{value:,.2f}"


def rag_words(rag: str) -> str:
    return RAG_WORDS.get(rag, NOT_RATED)


def is_overdue(action: Action, today: dt.date) -> bool:
    return action.is_open and action.due_on < today


def latest_note(action: Action) -> ProgressNote | None:
    """The newest progress note (the selector prefetches them newest first)."""
    return next(iter(action.notes.all()), None)


# --- the PDF's context: plain values only -------------------------------------------------------


@dataclass(frozen=True)
class TargetRow:
    label: str
    baseline: str
    now: str
    now_source: str  # the collection point or statutory year 'now' comes from
    target: str
    by_when: dt.date


@dataclass(frozen=True)
class ActionRow:
    what: str
    responsible: str
    starts_on: dt.date
    due_on: dt.date
    status: str
    rag: str  # "green", "amber", "red" or "" (a CSS class)
    rag_label: str  # always in words
    overdue: bool
    red: bool
    note_on: dt.date | None
    note: str
    school_impact: str
    director_impact: str

    @property
    def stands_out(self) -> bool:
        return self.overdue or self.red


@dataclass(frozen=True)
class DeploymentRow:
    provider: str
    who: str
    days: str
    cost: str
    funder: str
    starts_on: dt.date
    desired_outcome: str
    impact: str


@dataclass(frozen=True)
class PriorityBlock:
    number: int
    title: str
    description: str
    source: str
    source_reference: str
    status: str
    carried: bool
    targets: list[TargetRow]
    actions: list[ActionRow]
    deployments: list[DeploymentRow]


@dataclass(frozen=True)
class SignatureRow:
    signatory: str
    name: str
    signed_on: dt.date | None


@dataclass(frozen=True)
class FunderRow:
    label: str
    days: str
    cost: str


def _target_row(target: Target, values: dict[str, CurrentValue]) -> TargetRow:
    unit = info(target.measure).unit if target.measure else ""
    current = values.get(target.measure) if target.measure else None
    return TargetRow(
        label=target.label,
        baseline=_figure(target.baseline, unit),
        now=_figure(current.value, current.unit) if current else BLANK,
        now_source=current.source if current else "",
        target=_figure(target.target, unit),
        by_when=target.by_when,
    )


def _action_row(action: Action, today: dt.date) -> ActionRow:
    note = latest_note(action)
    return ActionRow(
        what=action.what,
        responsible=action.responsible,
        starts_on=action.starts_on,
        due_on=action.due_on,
        status=action.get_status_display(),
        rag=action.rag,
        rag_label=rag_words(action.rag),
        overdue=is_overdue(action, today),
        red=action.is_open and action.rag == Rag.RED,
        note_on=note.written_on if note else None,
        note=note.text if note else "",
        school_impact=action.school_impact,
        director_impact=action.director_impact,
    )


def _deployment_row(deployment: Deployment) -> DeploymentRow:
    return DeploymentRow(
        provider=deployment.get_provider_display(),
        who=deployment.who,
        days=_days(deployment.days),
        cost=_money(deployment.cost),
        funder=deployment.get_funder_display(),
        starts_on=deployment.starts_on,
        desired_outcome=deployment.desired_outcome,
        impact=deployment.impact,
    )


def _signature_rows(signatures: dict[str, Signature]) -> list[SignatureRow]:
    rows = []
    for signatory in Signature.Signatory:
        signed = signatures.get(signatory.value)
        rows.append(
            SignatureRow(
                signatory=str(signatory.label),
                name=signed.person.full_name if signed else "",
                signed_on=timezone.localdate(signed.signed_at) if signed else None,
            )
        )
    return rows


def _funder_rows(page: PlanPage) -> list[FunderRow]:
    rows = [
        FunderRow(str(f.label), _days(page.days_by_funder[f.value]), _money(page.costs[f.value]))
        for f in Deployment.Funder
    ]
    total_days = sum(page.days_by_funder.values(), Decimal(0))
    rows.append(FunderRow("Total", _days(total_days), _money(sum(page.costs.values(), Decimal(0)))))
    return rows


def plan_pdf_context(*, plan: Plan, today: dt.date) -> dict[str, Any]:
    """Everything the plan's PDF shows, as it stands `today`: plain values, no querysets. Call
    inside the plan's trust scope, with `plan` loaded with its school, year and trust."""
    page = plan_page(plan=plan, today=today)
    school = plan.school
    offer = page.core_offer
    priorities = [
        PriorityBlock(
            number=view.priority.number,
            title=view.priority.title,
            description=view.priority.description,
            source=view.priority.get_source_display(),
            source_reference=view.priority.source_reference,
            status=view.priority.get_status_display(),
            carried=view.priority.carried_from_id is not None,
            targets=[_target_row(t, page.current_values) for t in view.targets],
            actions=[_action_row(a, today) for a in view.actions],
            deployments=[_deployment_row(d) for d in view.deployments],
        )
        for view in page.priorities
    ]
    return {
        "trust_name": plan.trust.name,
        "document_title": f"Individual School Action Plan: {school.name} {plan.academic_year}",
        "restricted": False,
        "printed_on": today,
        "school": {
            "name": school.name,
            "urn": school.urn,
            "phase": school.get_phase_display(),
            "cluster": school.cluster.name if school.cluster else "",
        },
        "academic_year": str(plan.academic_year),
        "agreed": page.agreed,
        "agreed_on": timezone.localdate(plan.agreed_at) if plan.agreed_at else None,
        "signatures": _signature_rows(page.signatures),
        "core_offer": {
            "allowance": _days(offer.allowance),
            "visit_days": _days(offer.days(VISIT_DAYS)),
            "deployment_days": _days(offer.days(SUPPORT_DAYS)),
            "used": _days(offer.used),
            "left": _days(abs(offer.left)),
            "over": offer.over,
        },
        "funders": _funder_rows(page),
        "counts": page.counts,
        "priorities": priorities,
        "attention": [
            (block.number, row) for block in priorities for row in block.actions if row.stands_out
        ],
    }


# --- requesting and rendering -------------------------------------------------------------------


def plan_pdf_request(*, plan: Plan, requested_by: User | None) -> Job:
    """Record a PDF job for the plan and queue it once the caller's transaction commits."""
    job = job_queue(
        trust=plan.trust, kind=PLAN_PDF_JOB_KEY, requested_by=requested_by, object_id=plan.pk
    )
    Plan.objects.filter(pk=plan.pk).update(pdf_job=job)
    plan.pdf_job = job
    return job


def plan_pdf_render_request(*, plan: Plan, acting_user: User) -> Job:
    """A reader asks for the PDF to be made now. A job still waiting to start is reused (it will
    read the plan as it is when it starts); one already running may have read the plan before
    the latest change, so a new job is queued behind it."""
    with transaction.atomic(durable=True):
        waiting = Job.objects.filter(pk=plan.pdf_job_id or 0, status=Job.Status.QUEUED).first()
        if waiting is not None:
            return waiting
        return plan_pdf_request(plan=plan, requested_by=acting_user)


def plan_pdf_file_name(*, trust_id: int, plan_id: int) -> str:
    """One name per plan, under the trust's folder: a new render overwrites it."""
    return f"isap/plans/trust-{trust_id}/plan-{plan_id}.pdf"


def _storage() -> Storage:
    return Plan._meta.get_field("pdf").storage


Stored = Literal["stored", "newer", "gone"]


def _store(*, plan: Plan, pdf: bytes, read_at: dt.datetime) -> Stored:
    """Store the file unless a PDF made from a later reading of the plan is already stored (an
    earlier job finishing late)."""
    with transaction.atomic(durable=True):
        row = (
            Plan.objects.select_for_update()
            .filter(pk=plan.pk)
            .values_list("pdf", "pdf_rendered_at")
            .first()
        )
        if row is None:
            return "gone"
        old_name, rendered_at = row
        if rendered_at is not None and rendered_at > read_at:
            return "newer"
        storage = _storage()
        name = plan_pdf_file_name(trust_id=plan.trust_id, plan_id=plan.pk)
        for stale in {name, old_name or ""} - {""}:
            if storage.exists(stale):
                storage.delete(stale)
        saved = storage.save(name, ContentFile(pdf))
        Plan.objects.filter(pk=plan.pk).update(pdf=saved, pdf_rendered_at=read_at)
    return "stored"


_FINISHED = {
    "stored": "The PDF of the plan is ready.",
    "newer": "A newer PDF of the plan had already been made.",
}


def plan_pdf_render(job: Job) -> str:
    """The job's work: render the plan as it stands and store it (see `PLAN_PDF_JOB`).

    A render error propagates (the job pipeline retries, then marks the job failed). Runs inside
    the job's trust scope.
    """
    plan = (
        Plan.objects.select_related("trust", "school__cluster", "academic_year")
        .filter(pk=job.object_id or 0, trust_id=job.trust_id)
        .first()
    )
    if plan is None:
        raise JobRefused("The plan no longer exists.")
    read_at = timezone.now()
    pdf = render_pdf(TEMPLATE, plan_pdf_context(plan=plan, today=timezone.localdate(read_at)))
    stored = _store(plan=plan, pdf=pdf, read_at=read_at)
    if stored == "gone":
        raise JobRefused("The plan no longer exists.")
    return _FINISHED[stored]


# --- reading ------------------------------------------------------------------------------------


def plan_pdf_job(*, plan: Plan) -> Job | None:
    """The plan's latest PDF job, if one was ever asked for."""
    if plan.pdf_job_id is None:
        return None
    return Job.objects.filter(pk=plan.pdf_job_id).first()


def plan_pdf_status(*, plan: Plan, user: User) -> dict[str, Any]:
    """The context templates/isap/_pdf_status.html needs beside `plan` (one query at most)."""
    return {
        "pdf_job": plan_pdf_job(plan=plan),
        "can_request_pdf": may(user, plan.school_id, Can.READ),
    }


def plan_file_stem(plan: Plan) -> str:
    """`isap-alder-primary-2026-27`: the start of every file name the plan is downloaded as."""
    year = plan.academic_year.starts_in
    return f"isap-{slugify(plan.school.name)}-{year}-{(year + 1) % 100:02d}"


def can_follow_job(user: User, job: Job) -> bool:
    """A plan's PDF job is followed by whoever reads the plan's school."""
    if job.object_id is None:
        return False
    school_id = (
        Plan.objects.filter(pk=job.object_id, trust_id=job.trust_id)
        .values_list("school_id", flat=True)
        .first()
    )
    return school_id is not None and may(user, school_id, Can.READ)


def can_retry_job(user: User, job: Job) -> bool:
    """Any reader of the plan may have its PDF made again: it holds nothing they cannot read
    already (one edition for all), and making it changes nothing in the plan."""
    return can_follow_job(user, job)


# --- the CSV files ------------------------------------------------------------------------------

ACTION_COLUMNS = [
    "Priority number",
    "Priority",
    "Source",
    "Source reference",
    "Action",
    "Responsible",
    "Start",
    "Due",
    "Status",
    "RAG",
    "Overdue",
    "Latest note date",
    "Latest note",
    "School's judgement of impact",
    "Director's judgement of impact",
]

SUPPORT_COLUMNS = [
    "Priority number",
    "Priority",
    "Provider role",
    "Person",
    "Start",
    "Days",
    "Cost (£)",
    "Who pays",
    "Desired outcome",
    "Impact",
]


def _action_cells(priority: Priority, action: Action, today: dt.date) -> list[object]:
    note = latest_note(action)
    return [
        priority.number,
        priority.title,
        priority.get_source_display(),
        priority.source_reference,
        action.what,
        action.responsible,
        action.starts_on.isoformat(),
        action.due_on.isoformat(),
        action.get_status_display(),
        rag_words(action.rag),
        "Yes" if is_overdue(action, today) else "No",
        note.written_on.isoformat() if note else "",
        note.text if note else "",
        action.school_impact,
        action.director_impact,
    ]


def action_rows(*, plan: Plan, today: dt.date) -> list[list[object]]:
    """One row per action of the plan, priority by priority (a fixed number of queries)."""
    return [
        _action_cells(view.priority, action, today)
        for view in plan_priorities(plan=plan)
        for action in view.actions
    ]


def _support_cells(priority: Priority, deployment: Deployment) -> list[object]:
    return [
        priority.number,
        priority.title,
        deployment.get_provider_display(),
        deployment.who,
        deployment.starts_on.isoformat(),
        deployment.days,
        deployment.cost,
        deployment.get_funder_display(),
        deployment.desired_outcome,
        deployment.impact,
    ]


def support_rows(*, plan: Plan) -> list[list[object]]:
    """One row per deployment of support under the plan, priority by priority."""
    return [
        _support_cells(view.priority, deployment)
        for view in plan_priorities(plan=plan)
        for deployment in view.deployments
    ]


PLAN_PDF_JOB = JobKind(
    key=PLAN_PDF_JOB_KEY,
    label="Make the action plan PDF",
    run=plan_pdf_render,
    may_follow=can_follow_job,
    may_retry=can_retry_job,
    failed=lambda job, error: f"The PDF of the plan could not be made ({type(error).__name__}).",
)
