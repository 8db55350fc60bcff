"""A plan's history: every kind of change in words with who and when, 'since the last QA visit',
changes after agreement marked, and a fixed number of queries however big the plan grows."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from fht.models import User
from fht.rag import Rag
from fht.roles import Role
from isap import services
from isap.history import LONDON, PlanChange, last_visit_date, plan_history, start_of_day
from isap.models import (
    Action,
    Deployment,
    Plan,
    Priority,
    ProgressNote,
    Signature,
    Source,
    Target,
    VisitActionReview,
)
from tests.conftest import World

pytestmark = pytest.mark.django_db

ACTION = "action 'Train all KS1 staff in the phonics scheme' (priority 1)"
VISIT_DAY = dt.date(2026, 10, 6)  # world.visit, the latest submitted visit to s1


@pytest.fixture(autouse=True)
def _no_scopes() -> Any:
    with scopes_disabled():
        yield


def _plan(world: World) -> Plan:
    assert world.plan is not None
    return world.plan


def _action(plan: Plan) -> Action:
    return Action.objects.get(priority__plan=plan)


def _lines(plan: Plan, **kwargs: Any) -> dict[str, PlanChange]:
    plan.refresh_from_db()
    return {c.what: c for c in plan_history(plan=plan, **kwargs)}


def _edit(action: Action, user: User, **values: Any) -> Action:
    return services.action_update(
        action=action,
        values=values,
        allowed=services.ALL_ACTION_FIELDS,
        version=None,
        acting_user=user,
    )


def _sign_all(world: World, plan: Plan) -> None:
    for role, signatory in [
        (Role.HEAD_TEACHER, Signature.Signatory.HEAD),
        (Role.QA_DIRECTOR, Signature.Signatory.DIRECTOR),
        (Role.CPD_LEAD, Signature.Signatory.CPD_LEAD),
    ]:
        services.plan_sign(plan=plan, signatory=signatory, acting_user=world.person(role))


def _backdate(plan: Plan, when: dt.datetime) -> None:
    """Move every history record of the plan so far to `when` (as if made then)."""
    priority_ids = list(Priority.history.filter(plan_id=plan.pk).values_list("id", flat=True))
    action_ids = list(
        Action.history.filter(priority_id__in=priority_ids).values_list("id", flat=True)
    )
    for rows in [
        Plan.history.filter(id=plan.pk),
        Signature.history.filter(plan_id=plan.pk),
        Priority.history.filter(plan_id=plan.pk),
        Target.history.filter(priority_id__in=priority_ids),
        Action.history.filter(priority_id__in=priority_ids),
        Deployment.history.filter(priority_id__in=priority_ids),
        ProgressNote.history.filter(action_id__in=action_ids),
        VisitActionReview.history.filter(action_id__in=action_ids),
    ]:
        rows.update(history_date=when)


def test_each_kind_of_change_is_told_in_words_with_who_and_when(world: World) -> None:
    plan = _plan(world)
    assert world.visit is not None
    director, head = world.person(Role.QA_DIRECTOR), world.person(Role.HEAD_TEACHER)
    action = _action(plan)
    before = timezone.now()

    action = _edit(action, director, rag=Rag.RED, due_on=dt.date(2027, 1, 29))
    services.note_add(
        parent=action,
        written_on=timezone.localdate(),
        text="All staff trained now.",
        acting_user=head,
    )
    services.priority_save(
        plan=plan,
        data=services.PriorityData(
            title="Improve attendance",
            description="",
            source=Source.QA_VISIT,
            source_visit=world.visit,
            source_reference="",
        ),
        acting_user=director,
    )
    services.target_delete(target=Target.objects.get(priority__plan=plan), acting_user=director)
    deployment = Deployment.objects.get(priority__plan=plan)
    services.deployment_save(
        priority=deployment.priority,
        deployment=deployment,
        data=services.DeploymentData(
            provider=deployment.provider,
            person=deployment.person,
            provider_name="",
            days=Decimal("3.0"),
            cost=Decimal("450"),
            funder=Deployment.Funder.SCHOOL,
            starts_on=deployment.starts_on,
            desired_outcome=deployment.desired_outcome,
        ),
        acting_user=director,
    )
    services.plan_sign(plan=plan, signatory=Signature.Signatory.HEAD, acting_user=head)
    action.refresh_from_db()
    services.visit_actions_record(
        visit=world.visit,
        reviews=[services.ActionReviewData(action, Rag.GREEN, "Good progress.")],
        new_actions=[],
        acting_user=director,
    )

    lines = _lines(plan)
    expected = {
        "Action 'Train all KS1 staff in the phonics scheme' (priority 1): RAG rating changed "
        "from Amber to Red, due date changed from 18 December 2026 to 29 January 2027": director,
        f"Progress note added to {ACTION}": head,
        "Priority 2 added (source: QA visit): Improve attendance": director,
        "Target 'Attendance' (priority 1) deleted": director,
        "Support 'Lead practitioner: Lead practitioner of A' (priority 1): days changed from 2.0 "
        "to 3.0, cost changed from £0.00 to £450.00, who pays changed from the core offer to "
        "the school": director,
        "Signed by the head teacher": head,
        f"QA visit of 6 October 2026 reviewed {ACTION}: RAG rating Red to Green, comment added": (
            director
        ),
        "Action 'Train all KS1 staff in the phonics scheme' (priority 1): RAG rating changed "
        "from Red to Green": director,
    }
    for what, who in expected.items():
        assert what in lines, f"missing: {what}\n" + "\n".join(lines)
        assert lines[what].who == who.full_name
        assert lines[what].when >= before
    # The test world's records were made by no one: the system.
    assert lines["Plan started"].who == "System"
    assert lines[f"Progress note added to {ACTION} with evidence"].who == "System"
    # Newest first: the visit's review and the RAG change it made come last of all.
    changes = plan_history(plan=plan)
    assert [c.when for c in changes] == sorted((c.when for c in changes), reverse=True)
    assert changes[0].what.startswith(("QA visit of", "Action"))
    assert not any(c.after_agreement for c in changes)  # not agreed: one signature of three


def test_since_the_last_visit_leaves_out_older_changes(world: World) -> None:
    plan = _plan(world)
    director = world.person(Role.QA_DIRECTOR)
    visited_on = last_visit_date(plan)
    assert visited_on == VISIT_DAY  # the draft visit of 17 November is not submitted
    # Everything in the world's plan happened late on the evening before the visit...
    _backdate(plan, dt.datetime(2026, 10, 5, 23, 30, tzinfo=LONDON))
    # ...and one change was made early on the morning of the visit (British Summer Time: 23:30
    # the day before in UTC, which is still 'on the day' in London).
    _edit(_action(plan), director, rag=Rag.RED)
    Action.history.filter(history_user=director).update(
        history_date=dt.datetime(2026, 10, 6, 0, 30, tzinfo=LONDON)
    )

    since = plan_history(plan=plan, since=start_of_day(VISIT_DAY))
    everything = plan_history(plan=plan)

    assert [c.what for c in since] == [
        "Action 'Train all KS1 staff in the phonics scheme' (priority 1): RAG rating changed "
        "from Amber to Red"
    ]
    assert since[0].who == director.full_name
    assert len(everything) == 7 and "Plan started" in {c.what for c in everything}
    assert start_of_day(VISIT_DAY) == dt.datetime(2026, 10, 5, 23, 0, tzinfo=dt.UTC)


def test_changes_after_agreement_are_marked(world: World) -> None:
    plan = _plan(world)
    director = world.person(Role.QA_DIRECTOR)
    _sign_all(world, plan)
    _edit(_action(plan), director, status=Action.Status.COMPLETED)

    lines = _lines(plan)
    assert plan.agreed_at is not None
    after = {what for what, c in lines.items() if c.after_agreement}
    assert after == {
        "Action 'Train all KS1 staff in the phonics scheme' (priority 1): status changed from "
        "In progress to Completed"
    }
    # The signatures and the agreement they make are not changes 'after agreement'.
    for what in [
        "Signed by the head teacher",
        "Signed by the Director of QA",
        "Signed by the CPD lead",
        "Plan agreed: all three have signed",
    ]:
        assert what in lines and not lines[what].after_agreement


def _grow(plan: Plan, world: World, times: int) -> None:
    """Add priorities with targets, actions (edited), notes, support and visit reviews."""
    director = world.person(Role.QA_DIRECTOR)
    assert world.visit is not None
    for n in range(times):
        priority = services.priority_save(
            plan=plan,
            data=services.PriorityData(f"Priority {n}", "", Source.OFSTED, None, "Ofsted 2025"),
            acting_user=director,
        )
        services.target_save(
            priority=priority,
            data=services.TargetData("", f"Lessons judged good {n}", None, 80, dt.date(2027, 7, 1)),
            acting_user=director,
        )
        action = services.action_create(
            priority=priority,
            values={
                "what": f"Action {n}",
                "owner_role": "Maths lead",
                "starts_on": dt.date(2026, 9, 7),
                "due_on": dt.date(2027, 3, 1),
            },
            acting_user=director,
        )
        action = _edit(action, director, rag=Rag.AMBER, owner=world.person(Role.HEAD_TEACHER))
        services.note_add(
            parent=action, written_on=dt.date(2026, 10, 1), text="Begun.", acting_user=director
        )
        services.visit_actions_record(
            visit=world.visit,
            reviews=[services.ActionReviewData(action, Rag.RED, "")],
            new_actions=[],
            acting_user=director,
        )
        services.deployment_save(
            priority=priority,
            data=services.DeploymentData(
                provider=Deployment.Provider.EXTERNAL,
                person=None,
                provider_name=f"Provider {n}",
                days=Decimal("1.0"),
                cost=Decimal("100"),
                funder=Deployment.Funder.SCHOOL,
                starts_on=dt.date(2026, 11, 2),
                desired_outcome="Better lessons.",
            ),
            acting_user=director,
        )


def test_history_takes_a_fixed_number_of_queries_however_big_the_plan(world: World) -> None:
    plan = _plan(world)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            plan_history(plan=plan)
        return len(ctx.captured_queries)

    small = count()
    _grow(plan, world, 6)
    changes = plan_history(plan=plan)
    assert small == count() <= 8  # one per history table
    # What the growth wrote is there, in words.
    whats = {c.what for c in changes}
    assert "Priority 7 added (source: Ofsted inspection): Priority 5" in whats
    assert (
        "Action 'Action 5' (priority 7): RAG rating changed from not rated to Amber, "
        "who is responsible changed from nobody to Head teacher of A"
    ) in whats
    assert (
        "QA visit of 6 October 2026 reviewed action 'Action 5' (priority 7): RAG rating "
        "Amber to Red" in whats
    )


# --- the history page -----------------------------------------------------------------------------


def _client(user: User | None) -> Client:
    client = Client()
    assert user is not None
    client.force_login(user)
    return client


def _url(plan: Plan, since: bool = False) -> str:
    return reverse("isap:plan_history", args=[plan.pk]) + ("?since=visit" if since else "")


def test_history_page_shows_all_changes_or_those_since_the_last_visit(world: World) -> None:
    plan = _plan(world)
    director = world.person(Role.QA_DIRECTOR)
    governor = _client(world.person(Role.GOVERNOR))  # a reader of the plan, not a writer
    _backdate(plan, dt.datetime(2026, 9, 20, 10, 0, tzinfo=LONDON))

    page = governor.get(_url(plan)).content.decode()
    assert "Since the last QA visit (6 October 2026)" in page
    assert "Plan started" in page and "Target added to priority 1" in page
    assert "After agreement</strong>" not in page

    quiet = governor.get(_url(plan, since=True)).content.decode()
    assert "Nothing in the plan has changed since the QA visit of 6 October 2026" in quiet
    assert "Plan started" not in quiet

    _sign_all(world, plan)
    _edit(_action(plan), director, rag=Rag.RED)
    since = governor.get(_url(plan, since=True)).content.decode()
    assert "Plan started" not in since
    assert "RAG rating changed from Amber to Red" in since
    assert "Signed by the CPD lead" in since
    assert since.count("After agreement</strong>") == 1
    assert "Director of Quality Assurance of A" in since


def test_history_page_without_a_submitted_visit_has_no_since_view(world: World) -> None:
    assert world.year is not None
    plan = services.plan_start(
        school=world.s2, year=world.year, acting_user=world.person(Role.QA_DIRECTOR)
    )
    page = _client(world.person(Role.CEO)).get(_url(plan, since=True)).content.decode()
    assert "no “since the last visit” view" in page
    assert "Plan started" in page  # '?since=visit' is ignored: all changes are shown


def test_history_page_is_for_readers_of_the_plan_only(world: World) -> None:
    plan = _plan(world)
    assert world.other_plan is not None and world.out_plan is not None
    assert _client(world.other_head).get(_url(plan)).status_code == 404
    assert _client(world.person(Role.CEO)).get(_url(world.other_plan)).status_code == 404
    assert _client(world.person(Role.GOVERNOR)).get(_url(world.out_plan)).status_code == 404
    assert _client(world.stranger).get(_url(plan)).status_code == 404
    assert _client(world.south_head).get(_url(world.out_plan)).status_code == 200


def test_history_page_query_count_does_not_grow_with_the_plan(world: World) -> None:
    plan = _plan(world)
    client = _client(world.person(Role.HEAD_TEACHER))
    client.get(_url(plan))

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(_url(plan)).status_code == 200
        return len(ctx.captured_queries)

    small = count()
    _grow(plan, world, 4)
    assert count() == small <= 17
