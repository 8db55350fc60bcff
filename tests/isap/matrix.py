"""Permission-matrix cases for the action plan's own pages (isap/urls.py).

Scopes: 'in' is s1 and its plan (world.plan), 'out' s3 and its plan, 'other' trust B's sb and plan.
Each plan has one priority, target, action (with a note carrying an evidence file) and
deployment (at s1, the lead practitioner's).

- Reading (VIEW_IMPROVEMENT): everyone who reads the school.
- Managing the plan (MANAGE_IMPROVEMENT): the CEO and deputy everywhere, c1's Director of QA at s1.
- Progress on actions (UPDATE_PROGRESS, or managing): the heads of s1 as well.
- Notes on a deployment: those who manage, and the person deployed (s1's lead practitioner; the
  system leader of s1 reads it but was not deployed).
- Signing (POST with no signatory): any reader is sent back to the plan (302) with a message;
  who may sign which line is in tests/isap/test_isap_views.py.
"""

from collections.abc import Callable

from django_scopes import scopes_disabled

from fht.roles import Role
from isap.models import Action, Deployment, Plan, Priority, ProgressNote, Target
from tests.conftest import World
from tests.matrix import S1_READERS, TRUST_WIDE, Case

R = Role
_PLANS = {"in": "plan", "out": "out_plan", "other": "other_plan"}
_SCHOOLS = {"in": "s1", "out": "s3", "other": "sb"}
READERS = {"in": S1_READERS, "out": TRUST_WIDE, "other": set()}
MANAGERS = {
    "in": {R.CEO, R.DEPUTY_CEO, R.QA_DIRECTOR},
    "out": {R.CEO, R.DEPUTY_CEO},
    "other": set(),
}
PROGRESS = {
    "in": MANAGERS["in"] | {R.HEAD_TEACHER, R.EXECUTIVE_HEAD},
    "out": MANAGERS["out"],
    "other": set(),
}
SUPPORT = {"in": MANAGERS["in"] | {R.LEAD_PRACTITIONER}, "out": MANAGERS["out"], "other": set()}


def _school(w: World, scope: str) -> dict[str, object]:
    return {"school_id": getattr(w, _SCHOOLS[scope]).pk}


def _plan_of(w: World, scope: str) -> Plan:
    plan = getattr(w, _PLANS[scope])
    assert plan is not None
    return plan


def _plan(w: World, scope: str) -> dict[str, object]:
    return {"plan_id": _plan_of(w, scope).pk}


def _first(model: type, key: str, path: str) -> Callable[[World, str], dict[str, object]]:
    def kwargs(w: World, scope: str) -> dict[str, object]:
        with scopes_disabled():
            row = model.objects.filter(**{path: _plan_of(w, scope)}).order_by("pk").first()
        assert row is not None
        return {key: row.pk}

    return kwargs


_PRIORITY = _first(Priority, "priority_id", "plan")
_TARGET = _first(Target, "target_id", "priority__plan")
_ACTION = _first(Action, "action_id", "priority__plan")
_DEPLOYMENT = _first(Deployment, "deployment_id", "priority__plan")
_NOTE = _first(ProgressNote, "note_id", "action__priority__plan")

CASES: dict[str, Case] = {
    "isap:school_plans": Case(kwargs=_school, allowed=READERS),
    "isap:plan_start": Case(kwargs=_school, allowed=MANAGERS),
    "isap:plan": Case(kwargs=_plan, allowed=READERS),
    "isap:plan_sign": Case(kwargs=_plan, allowed=READERS, method="post", ok=302),
    "isap:priority_add": Case(kwargs=_plan, allowed=MANAGERS),
    "isap:priority_edit": Case(kwargs=_PRIORITY, allowed=MANAGERS),
    "isap:target_add": Case(kwargs=_PRIORITY, allowed=MANAGERS),
    "isap:target_edit": Case(kwargs=_TARGET, allowed=MANAGERS),
    "isap:action_add": Case(kwargs=_PRIORITY, allowed=MANAGERS),
    "isap:action": Case(kwargs=_ACTION, allowed=READERS),
    "isap:action_edit": Case(kwargs=_ACTION, allowed=PROGRESS),
    "isap:action_note": Case(kwargs=_ACTION, allowed=PROGRESS),
    "isap:evidence": Case(kwargs=_NOTE, allowed=READERS),
    "isap:deployment_add": Case(kwargs=_PRIORITY, allowed=MANAGERS),
    "isap:deployment": Case(kwargs=_DEPLOYMENT, allowed=READERS),
    "isap:deployment_edit": Case(kwargs=_DEPLOYMENT, allowed=MANAGERS),
    "isap:deployment_note": Case(kwargs=_DEPLOYMENT, allowed=SUPPORT),
}
