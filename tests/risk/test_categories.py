"""Setting a category: the decision is kept with who, when and why, the school's current category
follows, and the visit cadence reads it at once."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scopes_disabled

from fht.roles import Role
from qa_visits.cadence import next_visit_due
from risk.models import CategoryDecision
from risk.selectors.categories import category_history, latest_decisions
from risk.services.categories import category_set
from schools.models import School
from tests.conftest import World

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 11, 20)


def test_category_set_records_the_decision_and_moves_the_cadence(world: World) -> None:
    ceo = world.person(Role.CEO)
    with scopes_disabled():
        first = category_set(
            school=world.s1, category="B", decided_on=DAY, reason="Steady.", acting_user=ceo
        )
        second = category_set(
            school=world.s1,
            category="C",
            decided_on=DAY + dt.timedelta(days=40),
            reason="Leadership gaps.",
            acting_user=ceo,
        )
        school = School.objects.get(pk=world.s1.pk)
        history = list(category_history(school=school))
        trust = school.trust
    assert school.category == "C"
    assert first.previous_category is None and first.moved == 0
    assert second.previous_category == "B" and second.moved == 1
    assert [d.category for d in history] == ["C", "B"]
    assert history[0].decided_by == ceo and history[0].reason == "Leadership gaps."
    last_visit = dt.date(2026, 11, 2)
    # C is visited every 4 weeks (the trust's setting), not the 6 of B or of no category.
    due = next_visit_due(trust=trust, last_visited_on=last_visit, today=DAY, category="C")
    assert due == last_visit + dt.timedelta(weeks=4)


@pytest.mark.parametrize(
    ("category", "reason", "field"),
    [("E", "Why", "category"), ("", "Why", "category"), ("B", "   ", "reason")],
)
def test_category_set_refuses_bad_input_and_writes_nothing(
    world: World, category: str, reason: str, field: str
) -> None:
    with scopes_disabled():
        with pytest.raises(ValidationError) as raised:
            category_set(
                school=world.s1, category=category, decided_on=DAY, reason=reason, acting_user=None
            )
        assert field in raised.value.message_dict
        assert not CategoryDecision.objects.filter(school=world.s1).exists()
        assert School.objects.get(pk=world.s1.pk).category is None


def test_latest_decisions_is_one_query_for_any_number_of_schools(
    world: World, django_assert_num_queries
) -> None:
    with scopes_disabled():
        for school, category in [(world.s1, "A"), (world.s2, "B"), (world.s3, "D")]:
            category_set(
                school=school, category=category, decided_on=DAY, reason="x", acting_user=None
            )
        category_set(school=world.s1, category="B", decided_on=DAY, reason="y", acting_user=None)
        with django_assert_num_queries(1):
            latest = latest_decisions(school_ids=[world.s1.pk, world.s2.pk, world.s3.pk])
    assert {pk: d.category for pk, d in latest.items()} == {
        world.s1.pk: "B",
        world.s2.pk: "B",
        world.s3.pk: "D",
    }
