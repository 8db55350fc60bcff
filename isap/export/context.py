"""What the plan's PDF shows, as plain values (no querysets), and the words and figures it uses."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone

from fht.rag import Rag
from isap.models import Action, Deployment, Plan, ProgressNote, Signature, Target
from isap.selectors import (
    SUPPORT_DAYS,
    CurrentValue,
    PlanPage,
    plan_page,
)
from qa_visits.selectors import VISIT_DAYS
from returns.measures import Unit, info

TEMPLATE = "isap/pdf/plan.html"
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
