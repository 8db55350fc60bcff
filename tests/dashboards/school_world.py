"""The school dashboard's additions to the full test world (tests/platform/world.py): at s1 a
shared partnership review (its staffing notes restricted), two category decisions, statutory
results for 2026/27 (one not published), an open risk-meeting action, and a second action on the
plan. s1's half-term 2 has no data return, so a missing figure is there to show."""

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

import pytest
from django_scopes import scopes_disabled

from fht.roles import Role
from returns.models import StatutoryResult
from risk.models import CategoryDecision, RemedialAction
from tests.conftest import World
from tests.platform.world import build_full_world
from tests.reviews.library_world import share
from tests.risk.world_meetings import open_meeting

DECIDED = (dt.date(2026, 9, 20), dt.date(2026, 11, 10))


def add_school_dashboard(world: World) -> World:
    assert world.review is not None and world.year is not None
    ceo = world.person(Role.CEO)
    share(world.review, ceo)
    with scopes_disabled():
        before = None
        for day, category in zip(DECIDED, ("C", "B"), strict=True):
            CategoryDecision.objects.create(
                trust=world.trust,
                school=world.s1,
                category=category,
                previous_category=before,
                decided_on=day,
                decided_by=ceo,
                source=CategoryDecision.Source.OTHER,
                reason=f"Decision of {day}",
            )
            before = category
        world.s1.category = "B"
        world.s1.save()
        StatutoryResult.objects.create(
            trust=world.trust,
            school=world.s1,
            academic_year=world.year,
            measure="phonics_y1",
            value=Decimal("81.0"),
            cohort=30,
        )
        StatutoryResult.objects.create(
            trust=world.trust,
            school=world.s1,
            academic_year=world.year,
            measure="ks2_rwm_expected",
            value=None,
            not_published="Suppressed: small cohort",
        )
        meeting = open_meeting(world)
        RemedialAction.objects.create(
            trust=world.trust,
            school=world.s1,
            raised_at=meeting,
            what="Review the attendance strategy with governors",
            owner=world.person(Role.HEAD_TEACHER),
            due_on=dt.date(2027, 1, 15),
        )
    return world


def module_school_world(django_db_blocker: pytest.FixtureRequest) -> Iterator[World]:
    """The world built once for a test module, in a transaction rolled back at its end (as
    tests/platform's module_world)."""
    from django.db import connection, transaction

    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        atomic = transaction.atomic()
        atomic._from_testcase = True
        atomic.__enter__()
        try:
            yield add_school_dashboard(build_full_world())
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            connection.close()
