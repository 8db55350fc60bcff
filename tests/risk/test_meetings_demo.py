"""The meetings part of the demo, on the test world: six closed half-terms and this one open, with
category changes and actions closed or carried; running it twice changes nothing. Then the
acceptance journey: a school in B with a visit moved to C at this half-term's meeting is next due
four weeks after its last visit, and its action waits on next half-term's agenda."""

import datetime as dt

import pytest
from django.db.models import F
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from fht.roles import Role
from fht.tenancy import trust_scope
from qa_visits.models import Visit
from qa_visits.selectors import visit_plan_rows
from risk.demo import meetings as demo
from risk.models import (
    ActionReview,
    CategoryDecision,
    Judgement,
    Meeting,
    MeetingItem,
    RemedialAction,
)
from risk.selectors.meetings import meeting_agenda
from risk.services.meetings import meeting_for_half_term
from schools.models import School
from schools.services import academic_year_create
from tests.conftest import World
from tests.qa_visits.world import add_visit
from tests.risk.world_meetings import half_term

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, ...]:
    return tuple(
        m.objects.count()
        for m in (Meeting, MeetingItem, Judgement, RemedialAction, ActionReview, CategoryDecision)
    )


def _demo(world: World) -> None:
    assert world.year is not None
    with scopes_disabled():
        academic_year_create(trust=world.trust, starts_in=2025, acting_user=None)
        add_visit(world.s2, world.year, world.person(Role.QA_DIRECTOR), on=dt.date(2026, 11, 16))
    with trust_scope(world.trust.pk):
        demo.build(world.trust)


def test_the_demo_holds_six_closed_meetings_and_this_one_open(world: World) -> None:
    _demo(world)
    with trust_scope(world.trust.pk):
        before = _counts()
        demo.build(world.trust)
        assert _counts() == before
        statuses = list(
            Meeting.objects.order_by("half_term__starts_on").values_list("status", flat=True)
        )
        changes = CategoryDecision.objects.filter(source="meeting").exclude(
            category=F("previous_category")
        )
        assert statuses == ["closed"] * 6 + ["open"]
        assert changes.exists()
        assert ActionReview.objects.filter(outcome="closed").exists()
        assert ActionReview.objects.filter(outcome="carried").exists()
        current = Meeting.objects.get(status="open")
        rows = meeting_agenda(meeting=current, user=None, today=dt.date(2026, 12, 7))
        assert any(r.earlier_actions for r in rows)  # carried actions wait on its agenda
        visited = set(Visit.objects.filter(status="submitted").values_list("school_id", flat=True))
        assert School.objects.filter(category="B", pk__in=visited).exists()


def test_moving_a_b_school_to_c_brings_its_next_visit_forward(world: World) -> None:
    _demo(world)
    with scopes_disabled():
        # The demo leaves a school with a recorded visit in B: s2, the only one visited here.
        school = School.objects.get(pk=world.s2.pk, category="B")
        meeting = Meeting.objects.get(trust=world.trust, status="open")
        item = MeetingItem.objects.get(meeting=meeting, school=school)
    ceo = Client()
    ceo.force_login(world.person(Role.CEO))
    saved = ceo.post(
        reverse("risk:meeting_item", args=[item.pk]),
        {
            "version": item.version,
            "agreed_category": "C",
            "category_reason": "Leadership capacity has fallen.",
            "action_what": "Interim deputy head from a partner school",
            "action_owner": world.person(Role.QA_DIRECTOR).pk,
            "action_due_on_day": "29",
            "action_due_on_month": "1",
            "action_due_on_year": "2027",
        },
    )
    assert saved.status_code == 302
    assert ceo.post(reverse("risk:meeting_close", args=[meeting.pk])).status_code == 302
    with scopes_disabled():
        school.refresh_from_db()
        # The Visits page follows with no other step.
        rows, _year = visit_plan_rows(user=world.person(Role.CEO), today=dt.date(2026, 12, 7))
        due = next(r.due_on for r in rows if r.school.pk == school.pk)
        spring = meeting_for_half_term(trust=world.trust, half_term=half_term(world.trust, 3))
        rows = {r.school.pk: r for r in meeting_agenda(meeting=spring, user=None, today=due)}
    assert school.category == "C" and due == dt.date(2026, 12, 14)
    waiting = [a["what"] for a in rows[school.pk].earlier_actions]
    assert "Interim deputy head from a partner school" in waiting
