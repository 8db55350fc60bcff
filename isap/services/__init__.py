"""Writes of the action plans, by what they change: `plans` (starting and signing a plan),
`priorities` (priorities and targets), `actions` (actions, progress notes and evidence), `support`
(deployments) and `visit` (what a QA visit records). Each write checks its rules, writes in one
transaction with its history, and raises ValidationError (or EditConflict) with nothing written."""

# The writes views call, under one name (`from isap import services`).
from isap.services.actions import (
    ACTION_FIELDS,
    ALL_ACTION_FIELDS,
    DEPLOYMENT_FIELDS,
    HEAD_ACTION_FIELDS,
    EditConflict,
    action_create,
    action_update,
    evidence_check,
    note_add,
)
from isap.services.plans import (
    plan_sign,
    plan_start,
)
from isap.services.priorities import (
    PriorityData,
    TargetData,
    priority_save,
    target_delete,
    target_save,
)
from isap.services.support import (
    DeploymentData,
    deployment_impact,
    deployment_save,
)
from isap.services.visit import (
    ActionReviewData,
    visit_actions_record,
)

__all__ = [
    "ACTION_FIELDS",
    "ALL_ACTION_FIELDS",
    "DEPLOYMENT_FIELDS",
    "HEAD_ACTION_FIELDS",
    "ActionReviewData",
    "DeploymentData",
    "EditConflict",
    "PriorityData",
    "TargetData",
    "action_create",
    "action_update",
    "deployment_impact",
    "deployment_save",
    "evidence_check",
    "note_add",
    "plan_sign",
    "plan_start",
    "priority_save",
    "target_delete",
    "target_save",
    "visit_actions_record",
]
