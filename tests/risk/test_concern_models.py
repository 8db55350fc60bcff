"""The concern case's constraints hold in the database, whatever road a row comes by."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django_scopes import scopes_disabled

from risk.models import CaseStep, ConcernCase, StepKind
from tests.conftest import World

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 11, 2)


def _case(world: World, **extra: object) -> ConcernCase:
    values: dict[str, object] = {"trust": world.trust, "school": world.s1, "opened_on": DAY}
    values.update({"level": 1, **extra})
    return ConcernCase.objects.create(**values)


def test_one_open_case_per_school(world: World) -> None:
    with scopes_disabled():
        _case(world)
        with pytest.raises(IntegrityError), transaction.atomic():
            _case(world, level=2)
        _case(world, status=ConcernCase.Status.CLOSED, closed_on=DAY)
        assert ConcernCase.objects.filter(school=world.s1).count() == 2


@pytest.mark.parametrize("level", [0, 5])
def test_the_level_is_1_to_4(world: World, level: int) -> None:
    with scopes_disabled(), pytest.raises(IntegrityError), transaction.atomic():
        _case(world, level=level)


def test_isap_amended_is_never_a_recorded_step(world: World) -> None:
    with scopes_disabled():
        case = _case(world)
        with pytest.raises(IntegrityError), transaction.atomic():
            CaseStep.objects.create(
                trust=world.trust,
                case=case,
                level=1,
                kind=StepKind.ISAP_AMENDED,
                done_on=DAY,
                note="Added",
            )
