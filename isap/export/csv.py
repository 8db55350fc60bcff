"""The plan's CSV files: its actions and its support."""

import datetime as dt

from isap.export.context import is_overdue, latest_note, rag_words
from isap.models import Action, Deployment, Plan, Priority
from isap.selectors import (
    plan_priorities,
)

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
