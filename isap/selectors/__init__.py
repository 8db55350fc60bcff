"""Reads of the action plans, by what they serve: `access` (who may do what, and the `access_*`
helpers from a URL's id to an object), `plans` (the plan page), `lists` (the list of actions and
the support totals), `summaries` (the home, school and cluster panels) and `visit` (what a QA
visit records on the plan)."""

# The plan reads most views need, under one name (`from isap import selectors`).
from isap.selectors.access import (
    HEAD_ROLES,
    Can,
    access_action,
    access_deployment,
    access_evidence,
    access_plan,
    access_priority,
    access_school_plans,
    access_target,
    may,
    may_support,
    signatories_for,
)
from isap.selectors.plans import (
    SUPPORT_DAYS,
    CoreOffer,
    CurrentValue,
    PlanPage,
    PriorityView,
    action_list,
    action_stands_out,
    core_offer,
    current_values,
    deployment_days_by_school,
    plan_page,
    plan_priorities,
    school_plans,
)

__all__ = [
    "HEAD_ROLES",
    "SUPPORT_DAYS",
    "Can",
    "CoreOffer",
    "CurrentValue",
    "PlanPage",
    "PriorityView",
    "access_action",
    "access_deployment",
    "access_evidence",
    "access_plan",
    "access_priority",
    "access_school_plans",
    "access_target",
    "action_list",
    "action_stands_out",
    "core_offer",
    "current_values",
    "deployment_days_by_school",
    "may",
    "may_support",
    "plan_page",
    "plan_priorities",
    "school_plans",
    "signatories_for",
]
