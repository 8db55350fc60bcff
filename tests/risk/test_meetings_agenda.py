"""The agenda: every open school with its evidence filled in from what the product knows, in a
number of queries that does not grow with the number of schools; the restricted criterion only for
those who read the school's restricted parts."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from fht.models import User
from fht.roles import Role
from risk.models import Meeting
from risk.selectors.meetings import meeting_agenda
from risk.services.categories import category_set
from risk.services.meetings import ActionData, ItemData, meeting_item_save, remedial_action_add
from schools.models import School
from tests.conftest import World
from tests.factories import SchoolFactory
from tests.isap.world import add_plan
from tests.qa_visits.world import add_visit
from tests.returns.world import add_benchmarks, add_return, add_target
from tests.risk.world_meetings import PM_MARKER, half_term, item_of, open_meeting

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 7)


def _with_evidence(world: World, school: School) -> None:
    """Everything the agenda reads, at one school."""
    assert world.year is not None
    ceo, head = world.person(Role.CEO), world.person(Role.HEAD_TEACHER)
    category_set(
        school=school, category="B", decided_on=dt.date(2025, 9, 1), reason="DD", acting_user=None
    )
    add_visit(school, world.year, world.person(Role.QA_DIRECTOR), on=dt.date(2026, 10, 6))
    add_return(school, world.year, head)
    add_target(school, world.year)
    add_plan(school, world.year, head=head, deployed=ceo)
    from risk.services.meetings import meeting_for_half_term

    earlier = meeting_for_half_term(trust=world.trust, half_term=half_term(world.trust, 1))
    remedial_action_add(
        meeting=earlier,
        school=school,
        data=ActionData(what=f"Action at {school.name}", owner=head, due_on=TODAY),
        acting_user=ceo,
    )


def _agenda_queries(world: World) -> tuple[int, list[str]]:
    ceo = User.objects.get(pk=world.person(Role.CEO).pk)  # permissions not yet read
    with scopes_disabled():
        meeting = Meeting.objects.select_related("trust", "half_term").get(
            pk=open_meeting(world).pk
        )
    with scopes_disabled(), CaptureQueriesContext(connection) as queries:
        rows = meeting_agenda(meeting=meeting, user=ceo, today=TODAY)
        for row in rows:  # what the page reads of each row
            assert row.evidence["visit"]["last_on"] == "6 October 2026"
            assert row.evidence["data"]["figures"][0]["national"] == "94.5%"
            assert row.evidence["plan"]["open"] == 1
            assert row.evidence["category"] == "B"
            assert row.evidence["category_decision"]["changed_on"] == "1 September 2025"
            assert len(row.earlier_actions) == 1
            _ = [j.level for j in row.judgements], row.status, row.school.cluster
    return len(rows), [q["sql"] for q in queries.captured_queries]


def test_the_agenda_reads_a_fixed_number_of_queries_whatever_the_schools(world: World) -> None:
    assert world.year is not None
    with scopes_disabled():
        add_benchmarks(world.year)
        School.objects.filter(pk=world.s3.pk).update(closed_on=dt.date(2026, 9, 1))
        for school in (world.s1, world.s2):
            _with_evidence(world, school)
    two, few = _agenda_queries(world)
    with scopes_disabled():
        for n in range(4):
            _with_evidence(world, SchoolFactory(cluster=world.c2, name=f"Extra {n}"))
    six, many = _agenda_queries(world)
    assert (two, six) == (2, 6)
    assert len(few) == len(many), "\n".join(many)


def test_the_restricted_criterion_shows_only_to_who_reads_it(world: World) -> None:
    meeting = open_meeting(world)
    ceo = world.person(Role.CEO)
    data = ItemData(
        proposed_category="",
        agreed_category="",
        category_reason="",
        discussion="",
        judgements={"performance_management": ("high", PM_MARKER), "ofsted": ("low", "Good")},
    )
    with scopes_disabled():
        for school in (world.s1, world.s3):
            meeting_item_save(
                item=item_of(meeting, school.pk), version=1, data=data, acting_user=ceo
            )

        def restricted_notes(role: Role) -> dict[int, list[str]]:
            rows = meeting_agenda(meeting=meeting, user=world.person(role), today=TODAY)
            return {
                r.school.pk: [j.note for j in r.judgements if j.criterion.restricted] for r in rows
            }

        ceo_sees = restricted_notes(Role.CEO)
        director_sees = restricted_notes(Role.QA_DIRECTOR)
        full = meeting_agenda(meeting=meeting, user=None, today=TODAY, full=True)
        standard = meeting_agenda(meeting=meeting, user=None, today=TODAY)
    assert ceo_sees[world.s1.pk] == [PM_MARKER] and ceo_sees[world.s3.pk] == [PM_MARKER]
    # The Director of QA of c1 sees every school, but the restricted criterion only of c1's.
    assert director_sees[world.s1.pk] == [PM_MARKER] and director_sees[world.s3.pk] == []
    assert len(full[0].judgements) == 8 and len(standard[0].judgements) == 7
