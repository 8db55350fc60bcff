"""`latest_inspections`: each school's newest inspection as the value other apps read, in one
query whatever the number of schools, and only the asking trust's."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from fht.tenancy import trust_scope
from schools.inspections import (
    LatestInspection,
    good_or_better,
    last_judged_inspection,
    latest_inspections,
)
from schools.models import Inspection, School
from tests.conftest import World
from tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db


def _graded(school: School, day: dt.date, overall: int) -> Inspection:
    return Inspection.objects.create(
        school=school,
        trust_id=school.trust_id,
        inspected_on=day,
        framework="2019",
        inspection_type="graded",
        overall=overall,
    )


def _card(school: School, day: dt.date, achievement: int = 3, **extra: object) -> Inspection:
    return Inspection.objects.create(
        school=school,
        trust_id=school.trust_id,
        inspected_on=day,
        framework="2025",
        inspection_type="report_card",
        area_inclusion=3,
        area_curriculum_and_teaching=2,
        area_achievement=achievement,
        area_attendance_and_behaviour=3,
        area_personal_development=3,
        area_leadership_and_governance=3,
        safeguarding_met=True,
        **extra,
    )


def test_the_newest_inspection_of_each_school_as_a_value(world: World) -> None:
    with scopes_disabled():
        _graded(world.s1, dt.date(2019, 5, 1), 3)
        _card(world.s1, dt.date(2026, 2, 4), achievement=4)
        _graded(world.s2, dt.date(2023, 3, 15), 2)
        Inspection.objects.create(
            school=world.s2,
            trust=world.trust,
            inspected_on=dt.date(2025, 1, 22),
            framework="2024",
            inspection_type="ungraded",
        )
    with trust_scope(world.trust.pk):
        latest = latest_inspections([world.s1.pk, world.s2.pk, world.s3.pk])
    assert set(latest) == {world.s1.pk, world.s2.pk}  # s3 has none
    card = latest[world.s1.pk]
    assert card == LatestInspection(
        school_id=world.s1.pk,
        inspected_on=dt.date(2026, 2, 4),
        framework="2025",
        headline="Report card: 1 needs attention, safeguarding met",
        areas={
            "inclusion": 3,
            "curriculum_and_teaching": 2,
            "achievement": 4,
            "attendance_and_behaviour": 3,
            "personal_development": 3,
            "leadership_and_governance": 3,
        },
        safeguarding_met=True,
    )
    assert good_or_better(card) is False
    ungraded = latest[world.s2.pk]
    assert (ungraded.framework, ungraded.overall, ungraded.grades) == ("2024", None, {})
    assert good_or_better(ungraded) is None
    with trust_scope(world.trust.pk):
        judged = last_judged_inspection(world.s2.pk)
    assert judged is not None and judged.overall == 2 and good_or_better(judged) is True


def test_one_query_whatever_the_number_of_schools(world: World) -> None:
    with scopes_disabled():
        schools = [world.s1, world.s2, world.s3] + [
            SchoolFactory(cluster=world.c1) for _ in range(7)
        ]
        for n, school in enumerate(schools):
            _graded(school, dt.date(2020 + n % 4, 3, 1), 1 + n % 4)
            _card(school, dt.date(2026, 1, 5 + n))
    with trust_scope(world.trust.pk):
        with CaptureQueriesContext(connection) as few:
            small = latest_inspections([s.pk for s in schools[:2]])
        with CaptureQueriesContext(connection) as many:
            large = latest_inspections(s.pk for s in schools)
    assert len(few) == len(many) == 1
    assert len(small) == 2 and len(large) == 10
    assert all(v.framework == "2025" for v in large.values())
    assert latest_inspections([]) == {}


def test_another_trusts_inspection_is_not_read(world: World) -> None:
    with scopes_disabled():
        _graded(world.sb, dt.date(2023, 3, 15), 4)
    with trust_scope(world.trust.pk):
        assert latest_inspections([world.sb.pk]) == {}
    with trust_scope(world.other_trust.pk):
        assert latest_inspections([world.sb.pk])[world.sb.pk].overall == 4


@pytest.mark.parametrize(
    ("latest", "good"),
    [
        (LatestInspection(1, dt.date(2023, 1, 1), "2019", "", overall=2), True),
        (LatestInspection(1, dt.date(2023, 1, 1), "2019", "", overall=3), False),
        (
            LatestInspection(
                1, dt.date(2025, 1, 1), "2024", "", grades={"quality_of_education": 3}
            ),
            False,
        ),
        (
            LatestInspection(
                1, dt.date(2026, 1, 1), "2025", "", areas={"inclusion": 3}, safeguarding_met=False
            ),
            False,
        ),
        (
            LatestInspection(
                1, dt.date(2026, 1, 1), "2025", "", areas={"inclusion": 3}, safeguarding_met=True
            ),
            True,
        ),
        (LatestInspection(1, dt.date(2026, 1, 1), "2025", "", concern="Special measures"), False),
    ],
)
def test_good_or_better_by_framework(latest: LatestInspection, good: bool) -> None:
    assert good_or_better(latest) is good
