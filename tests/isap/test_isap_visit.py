"""What a QA visit records on the school's action plan (issue 5): the actions it discussed, with
their RAG rating after it (applied to the action and kept in its history), and new actions from
its agreed next steps, in one form, all or nothing; and the panel on the visit page."""

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape
from django_scopes import scopes_disabled

from fht.models import User
from fht.rag import Rag
from fht.roles import Role
from isap import services
from isap.forms.visit import STALE
from isap.models import Action, Plan, Priority, VisitActionReview
from qa_visits.models import Visit, VisitSection
from qa_visits.sections import SectionKey
from tests.conftest import World
from tests.qa_visits.world import add_visit

pytestmark = pytest.mark.django_db


def _client(user: User | None) -> Client:
    assert user is not None
    client = Client()
    client.force_login(user)
    return client


def _url(visit: Visit | None) -> str:
    assert visit is not None
    return reverse("isap:visit_actions", args=[visit.pk])


def _detail(visit: Visit | None) -> str:
    assert visit is not None
    return reverse("qa_visits:detail", args=[visit.pk])


def _date(prefix: str, value: dt.date | None) -> dict[str, str]:
    if value is None:
        return {f"{prefix}_day": "", f"{prefix}_month": "", f"{prefix}_year": ""}
    return {
        f"{prefix}_day": str(value.day),
        f"{prefix}_month": str(value.month),
        f"{prefix}_year": str(value.year),
    }


def _first(plan: Plan | None) -> tuple[Priority, Action]:
    assert plan is not None
    with scopes_disabled():
        priority = plan.priorities.get()
        return priority, priority.actions.get()


def _new_row(row: int, priority: Priority, **values: Any) -> dict[str, str]:
    data = {
        f"n{row}-priority": str(priority.pk),
        f"n{row}-what": values.get("what", ""),
        f"n{row}-owner": str(values["owner"].pk) if values.get("owner") else "",
        f"n{row}-owner_role": values.get("owner_role", ""),
    }
    data |= _date(f"n{row}-starts_on", values.get("starts_on"))
    data |= _date(f"n{row}-due_on", values.get("due_on"))
    return data


def _nothing_written(world: World, action: Action) -> None:
    with scopes_disabled():
        assert not VisitActionReview.objects.exists()
        assert not Action.objects.filter(source_visit__isnull=False).exists()
        action.refresh_from_db()
        assert action.rag == Rag.AMBER and action.version == 1


def test_the_director_records_a_rag_change_kept_in_the_actions_history(world: World) -> None:
    _, action = _first(world.plan)
    director = world.person(Role.QA_DIRECTOR)
    response = _client(director).post(
        _url(world.visit),
        {
            f"a{action.pk}-discussed": "on",
            f"a{action.pk}-rag": "green",
            f"a{action.pk}-comment": "All KS1 staff now trained; observed in two lessons.",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == _detail(world.visit)
    with scopes_disabled():
        review = VisitActionReview.objects.get()
        assert (review.visit, review.action) == (world.visit, action)
        assert (review.rag_before, review.rag_after) == (Rag.AMBER, Rag.GREEN)
        assert review.comment.startswith("All KS1 staff") and review.recorded_by == director
        action.refresh_from_db()
        assert action.rag == Rag.GREEN and action.version == 2 and action.updated_by == director
        latest, before = action.history.order_by("-history_id")[:2]
        assert (before.rag, latest.rag) == (Rag.AMBER, Rag.GREEN)
        assert latest.history_user == director


def test_unchanged_keeps_the_rating_and_says_so(world: World) -> None:
    _, action = _first(world.plan)
    client = _client(world.person(Role.QA_DIRECTOR))
    data = {f"a{action.pk}-discussed": "on", f"a{action.pk}-rag": "", f"a{action.pk}-comment": ""}
    assert client.post(_url(world.visit), data).status_code == 302
    with scopes_disabled():
        review = VisitActionReview.objects.get()
        assert review.rag_before == review.rag_after == Rag.AMBER
        action.refresh_from_db()
        assert action.version == 1
    page = client.get(_detail(world.visit)).content.decode()
    assert "Unchanged</td>" in page


def test_new_actions_come_from_the_visit(world: World) -> None:
    priority, _ = _first(world.plan)
    head = world.person(Role.HEAD_TEACHER)
    data = _new_row(
        1,
        priority,
        what="Phonics catch-up groups for Year 2",
        owner=head,
        starts_on=dt.date(2026, 10, 12),
        due_on=dt.date(2026, 12, 18),
    ) | _new_row(
        2,
        priority,
        what="Audit reading books against the scheme",
        owner_role="English lead",
        starts_on=dt.date(2026, 10, 12),
        due_on=dt.date(2026, 11, 13),
    )
    response = _client(world.person(Role.QA_DIRECTOR)).post(_url(world.visit), data)
    assert response.status_code == 302
    with scopes_disabled():
        created = list(Action.objects.filter(source_visit=world.visit).order_by("pk"))
        assert [a.what for a in created] == [
            "Phonics catch-up groups for Year 2",
            "Audit reading books against the scheme",
        ]
        assert created[0].owner == head and created[1].owner_role == "English lead"
        assert all(a.priority == priority and a.is_open for a in created)
        assert not VisitActionReview.objects.exists()


def test_a_half_filled_row_writes_nothing_and_keeps_what_was_typed(world: World) -> None:
    priority, action = _first(world.plan)
    data = {
        f"a{action.pk}-discussed": "on",
        f"a{action.pk}-rag": "red",
        f"a{action.pk}-comment": "Training has stalled since half term.",
    } | _new_row(
        1,
        priority,
        what="Weekly phonics assessments",
        owner_role="Phonics lead",
        starts_on=dt.date(2026, 10, 12),
    )
    data |= _new_row(2, priority, owner_role="SENCo")  # no 'what'
    response = _client(world.person(Role.QA_DIRECTOR)).post(_url(world.visit), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert 'href="#id_n1-due_on_0"' in body and "New action 1: Enter the due date." in body
    assert 'href="#id_n2-what"' in body and "New action 2: Enter what will be done" in body
    assert "Training has stalled since half term." in body
    assert "Weekly phonics assessments" in body and 'value="SENCo"' in body
    _nothing_written(world, action)


def test_a_rating_without_the_tick_is_refused(world: World) -> None:
    _, action = _first(world.plan)
    data = {f"a{action.pk}-rag": "green", f"a{action.pk}-comment": ""}
    response = _client(world.person(Role.QA_DIRECTOR)).post(_url(world.visit), data)
    assert response.status_code == 400
    assert f'href="#id_a{action.pk}-discussed"' in response.content.decode()
    _nothing_written(world, action)


def test_another_schools_actions_and_priorities_cannot_be_posted(world: World) -> None:
    _, action = _first(world.plan)
    out_priority, out_action = _first(world.out_plan)
    other_priority, other_action = _first(world.other_plan)
    client = _client(world.person(Role.QA_DIRECTOR))
    for tampered in (out_action, other_action):
        data = {
            f"a{action.pk}-discussed": "on",
            f"a{action.pk}-rag": "green",
            f"a{tampered.pk}-discussed": "on",
            f"a{tampered.pk}-rag": "red",
        }
        response = client.post(_url(world.visit), data)
        assert response.status_code == 400
        assert escape(STALE) in response.content.decode()
    for priority, owner in ((out_priority, None), (other_priority, None), (None, world.other_head)):
        own, _ = _first(world.plan)
        row = _new_row(
            1,
            priority or own,
            what="Tampered",
            owner=owner,
            owner_role="" if owner else "Head",
            starts_on=dt.date(2026, 10, 12),
            due_on=dt.date(2026, 11, 13),
        )
        response = client.post(_url(world.visit), {f"a{action.pk}-discussed": "on"} | row)
        assert response.status_code == 400
        field = "n1-owner" if owner else "n1-priority"
        assert f'href="#id_{field}"' in response.content.decode()
    _nothing_written(world, action)
    with scopes_disabled():
        out_action.refresh_from_db()
        other_action.refresh_from_db()
        assert out_action.version == other_action.version == 1


def test_another_trusts_visit_and_readers_get_404(world: World) -> None:
    _, action = _first(world.plan)
    data = {f"a{action.pk}-discussed": "on", f"a{action.pk}-rag": "green"}
    director = _client(world.person(Role.QA_DIRECTOR))
    assert director.post(_url(world.other_visit), data).status_code == 404
    for role in (Role.HEAD_TEACHER, Role.GOVERNOR, Role.CPD_LEAD):
        assert _client(world.person(role)).post(_url(world.visit), data).status_code == 404
    _nothing_written(world, action)


def test_recorded_reviews_are_filled_in_and_can_be_changed(world: World) -> None:
    _, action = _first(world.plan)
    client = _client(world.person(Role.QA_DIRECTOR))
    first = {
        f"a{action.pk}-discussed": "on",
        f"a{action.pk}-rag": "red",
        f"a{action.pk}-comment": "Not started in Year 2.",
    }
    assert client.post(_url(world.visit), first).status_code == 302
    page = client.get(_url(world.visit)).content.decode()
    assert "Recorded</strong> Discussed at this visit" in page
    assert f'name="a{action.pk}-discussed"' not in page
    assert '<option value="red" selected>' in page and "Not started in Year 2." in page
    again = {f"a{action.pk}-rag": "amber", f"a{action.pk}-comment": "Started after all."}
    assert client.post(_url(world.visit), again).status_code == 302
    with scopes_disabled():
        review = VisitActionReview.objects.get()
        assert (review.rag_before, review.rag_after) == (Rag.AMBER, Rag.AMBER)
        assert review.comment == "Started after all."
        action.refresh_from_db()
        assert action.rag == Rag.AMBER


def test_the_form_shows_the_next_steps_and_only_open_actions(world: World) -> None:
    priority, action = _first(world.plan)
    with scopes_disabled():
        done = Action.objects.create(
            trust=world.trust,
            priority=priority,
            what="A finished action",
            owner_role="Maths lead",
            starts_on=dt.date(2026, 9, 7),
            due_on=dt.date(2026, 9, 30),
            status=Action.Status.COMPLETED,
        )
        steps = VisitSection.objects.get(visit=world.visit, key=SectionKey.NEXT_STEPS)
    page = _client(world.person(Role.QA_DIRECTOR)).get(_url(world.visit)).content.decode()
    assert steps.notes in page
    assert f'name="a{action.pk}-discussed"' in page
    assert f'name="a{done.pk}-discussed"' not in page and "A finished action" not in page
    assert "RAG rating now:" in page and ">Amber<" in page
    assert page.count('name="n3-what"') == 1 and 'name="n4-what"' not in page


def test_a_school_with_no_plan_for_the_year_is_told_so(world: World) -> None:
    assert world.year is not None
    with scopes_disabled():
        visit = add_visit(world.s2, world.year, world.person(Role.QA_DIRECTOR), on=dt.date.today())
    client = _client(world.person(Role.QA_DIRECTOR))
    response = client.get(_url(visit))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Birch Primary has no action plan for 2026/27 yet" in body
    assert reverse("isap:plan_start", args=[world.s2.pk]) in body
    assert "<form method" not in body.split('id="main-content"')[1]
    assert client.post(_url(visit), {"n1-what": "Something"}).status_code == 200
    with scopes_disabled():
        assert not Action.objects.filter(source_visit=visit).exists()


def test_the_visit_page_lists_what_the_visit_recorded(world: World) -> None:
    priority, action = _first(world.plan)
    director = world.person(Role.QA_DIRECTOR)
    assert world.visit is not None
    with scopes_disabled():
        action = Action.objects.select_related("priority__plan").get(pk=action.pk)
        services.visit_actions_record(
            visit=world.visit,
            reviews=[services.ActionReviewData(action, Rag.RED, "Slipped: two staff left.")],
            new_actions=[
                (
                    priority,
                    {
                        "what": "Recruit a phonics lead",
                        "owner_role": "Head teacher",
                        "starts_on": dt.date(2026, 10, 12),
                        "due_on": dt.date(2027, 1, 8),
                    },
                )
            ],
            acting_user=director,
        )
    link = _url(world.visit)
    detail = _detail(world.visit)
    governor = _client(world.person(Role.GOVERNOR)).get(detail).content.decode()
    for text in (
        "Actions discussed at this visit",
        "Slipped: two staff left.",
        "Recruit a phonics lead",
    ):
        assert text in governor
    before, after = governor.split("Slipped: two staff left.")[0].split("</td>")[-3:-1]
    assert ">Amber<" in before and ">Red<" in after
    assert link not in governor and "Record actions on the plan" not in governor
    assert link in _client(director).get(detail).content.decode()


def test_a_cancelled_visit_records_nothing(world: World) -> None:
    with scopes_disabled():
        assert world.draft_visit is not None
        Visit.objects.filter(pk=world.draft_visit.pk).update(status=Visit.Status.CANCELLED)
    client = _client(world.person(Role.QA_DIRECTOR))
    response = client.get(_url(world.draft_visit))
    assert response.status_code == 302
    detail = client.get(_detail(world.draft_visit)).content.decode()
    assert "Actions on the school's plan" not in detail
    submitted = client.get(_detail(world.visit)).content.decode()
    assert "Actions on the school's plan" in submitted


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_form_page_does_not_grow_with_the_plan(world: World) -> None:
    priority, _ = _first(world.plan)
    client = _client(world.person(Role.QA_DIRECTOR))
    few = _queries(client, _url(world.visit))
    visit = world.visit
    assert visit is not None
    with scopes_disabled():
        second = Priority.objects.create(
            trust=world.trust, plan=priority.plan, number=2, title="Attendance", source="ofsted"
        )
        for n in range(12):
            action = Action.objects.create(
                trust=world.trust,
                priority=priority if n % 2 else second,
                what=f"Action {n}",
                owner=world.person(Role.HEAD_TEACHER),
                starts_on=dt.date(2026, 9, 7),
                due_on=dt.date(2026, 12, 18),
            )
            VisitActionReview.objects.create(
                trust=world.trust, visit=visit, action=action, rag_after=Rag.GREEN
            )
    assert _queries(client, _url(world.visit)) == few <= 14
