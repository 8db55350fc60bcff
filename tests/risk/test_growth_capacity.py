"""Each Director of QA's load (schools and visits due in the next six weeks against the limit) and
the category heat map (each school's category at the end of each of the last six half-terms),
against hand-counted figures; the heat map's picture and its table say the same."""

import base64
import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from fht.roles import Role
from people.services import role_assign
from qa_visits.models import Visit
from risk.charts import COLOURS, NONE_COLOUR, heat_map_svg
from risk.selectors.growth_reads import (
    NOT_JOINED,
    category_on,
    director_loads,
    heat_map,
    open_schools,
    visits_due_between,
)
from risk.services.categories import category_set
from schools.models import HalfTerm, School
from schools.services import academic_year_create
from tests.conftest import World
from tests.factories import SchoolFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 20)


def visit(world: World, school: School, on: dt.date, *, submitted: bool = True) -> None:
    Visit.objects.create(
        trust=school.trust,
        school=school,
        academic_year=world.year,
        director=world.person(Role.QA_DIRECTOR),
        planned_for=on,
        visited_on=on if submitted else None,
        status=Visit.Status.SUBMITTED if submitted else Visit.Status.DRAFT,
    )


def set_category(school: School, category: str, on: dt.date) -> None:
    category_set(school=school, category=category, decided_on=on, reason="x", acting_user=None)


@pytest.mark.parametrize(
    ("due_on", "weeks", "expected"),
    [
        (dt.date(2026, 11, 30), 4, 2),  # 30 Nov, 28 Dec; the window ends 1 January
        (dt.date(2026, 11, 30), 6, 1),  # 30 Nov; 11 Jan is past the window
        (dt.date(2026, 10, 1), 6, 2),  # overdue: now (20 Nov), then 1 January
        (dt.date(2027, 1, 2), 4, 0),  # after the window
        (dt.date(2027, 1, 1), 6, 1),  # on its last day
    ],
)
def test_visits_due_in_the_window(due_on: dt.date, weeks: int, expected: int) -> None:
    end = TODAY + dt.timedelta(weeks=6)
    assert visits_due_between(due_on=due_on, today=TODAY, weeks=weeks, end=end) == expected


def test_each_directors_load_against_the_limit(world: World) -> None:
    with scopes_disabled():
        # The world's Director of QA holds c1 (s1, s2). s1 is C (every 4 weeks), visited on
        # 2 November (a draft since does not count): due 30 Nov and 28 Dec, 2 visits. s2 is B
        # (every 6 weeks) and never visited: due now and 1 January, 2 visits. 4 in all.
        set_category(world.s1, "C", dt.date(2026, 9, 1))
        set_category(world.s2, "B", dt.date(2026, 9, 1))
        visit(world, world.s1, dt.date(2026, 11, 2))
        visit(world, world.s1, dt.date(2026, 11, 16), submitted=False)
        # A second director, also an executive head, holds c2: s3 and 6 more schools, 7 against
        # the limit of 6. A closed school does not count.
        second = UserFactory(trust=world.trust, full_name="Zed Director", email="z@a.example")
        role_assign(person=second, role=Role.QA_DIRECTOR, acting_user=None, cluster=world.c2)
        role_assign(person=second, role=Role.EXECUTIVE_HEAD, acting_user=None, school=world.s3)
        for i in range(6):
            SchoolFactory(cluster=world.c2, name=f"South {i}")
        SchoolFactory(cluster=world.c2, name="Closed", closed_on=dt.date(2026, 7, 31))
        trust = world.trust
        trust.refresh_from_db()
        loads = director_loads(trust=trust, today=TODAY)
    assert [row.name for row in loads] == ["Director of Quality Assurance of A", "Zed Director"]
    first, zed = loads
    assert first.clusters == ["North cluster"]
    assert [(s.name, s.due_on, s.visits_due) for s in first.schools] == [
        ("Alder Primary", dt.date(2026, 11, 30), 2),
        ("Birch Primary", TODAY, 2),
    ]
    assert (first.school_count, first.visits_due, first.limit, first.over) == (2, 4, 8, False)
    assert (zed.school_count, zed.limit, zed.executive_head, zed.over) == (7, 6, True, True)
    assert zed.limit_words == "6 (also an executive head)"
    # Seven uncategorised schools never visited: each due now and again in six weeks.
    assert zed.visits_due == 14


def test_director_loads_query_count_does_not_grow(
    world: World, django_assert_num_queries: object
) -> None:
    with scopes_disabled():
        for i in range(5):
            SchoolFactory(cluster=world.c1, name=f"North {i}")
        with django_assert_num_queries(2):  # type: ignore[operator]
            loads = director_loads(trust=world.trust, today=TODAY)
    assert loads[0].school_count == 7


def test_category_on_a_day() -> None:
    class D:
        def __init__(self, on: dt.date, category: str) -> None:
            self.decided_on, self.category = on, category

    decisions = [D(dt.date(2025, 9, 1), "B"), D(dt.date(2026, 3, 20), "C")]
    assert category_on(decisions, dt.date(2025, 8, 31)) is None  # type: ignore[arg-type]
    assert category_on(decisions, dt.date(2025, 9, 1)) == "B"  # type: ignore[arg-type]
    assert category_on(decisions, dt.date(2026, 3, 20)) == "C"  # type: ignore[arg-type]


def test_the_heat_map_has_each_schools_category_over_the_last_six_half_terms(
    world: World,
) -> None:
    with scopes_disabled():
        academic_year_create(trust=world.trust, starts_in=2025, acting_user=None)
        halves = list(
            HalfTerm.objects.filter(academic_year__trust=world.trust, starts_on__lte=TODAY)
            .select_related("academic_year")
            .order_by("starts_on")
        )
        shown = halves[-6:]
        # By hand: s1 is B from 1 September 2025, C from the day after the third column's
        # half-term ends; s2 A from the fifth column's first day; s3 never categorised.
        set_category(world.s1, "B", dt.date(2025, 9, 1))
        set_category(world.s1, "C", shown[2].ends_on + dt.timedelta(days=1))
        set_category(world.s2, "A", shown[4].starts_on)
        # A decision after today is not shown yet.
        set_category(world.s2, "D", TODAY + dt.timedelta(days=1))
        # s3 joined the trust during the second column's half-term.
        School.objects.filter(pk=world.s3.pk).update(joined_trust_on=shown[1].starts_on)
        schools = open_schools(trust_id=world.trust.pk)
        heat = heat_map(trust_id=world.trust.pk, schools=schools, today=TODAY)
    assert len(halves) == 8 and heat.half_terms == [str(h) for h in shown]
    assert heat.half_terms[0] == "Spring 1 2025/26" and heat.half_terms[-1] == "Autumn 2 2026/27"
    rows = {row.name: row.categories for row in heat.rows}
    assert rows == {
        "Alder Primary": ["B", "B", "B", "C", "C", "C"],
        "Birch Primary": [None, None, None, None, "A", "A"],
        "Cedar Primary": [NOT_JOINED, None, None, None, None, None],
    }
    svg = heat_map_svg(heat)
    assert svg.startswith("<svg") and "<script" not in svg
    # One coloured cell per categorised school and half-term: 6 + 2.
    cell = 'width="120" height="22" fill="{}"'
    assert svg.count(cell.format(COLOURS["B"])) == 3
    assert svg.count(cell.format(COLOURS["C"])) == 3
    assert svg.count(cell.format(COLOURS["A"])) == 2
    assert svg.count(cell.format(NONE_COLOUR)) == 5 + 4
    assert svg.count('stroke-dasharray="4 3"') == 1 + 1  # the cell and its legend
    assert "D Stabilise" in svg and "Not categorised" in svg  # the legend
    assert "not_joined" not in svg and ">Not yet in the trust<" in svg
    assert "Spring 1 2025/26" in svg and "Alder Primary" in svg


def test_the_heat_map_table_and_csv_give_the_category_in_words(world: World) -> None:
    with scopes_disabled():
        set_category(world.s1, "C", dt.date(2026, 9, 1))
        first_half = HalfTerm.objects.filter(academic_year=world.year).order_by("number")[0]
        joined = first_half.ends_on + dt.timedelta(days=1)
        School.objects.filter(pk=world.s2.pk).update(joined_trust_on=joined)
    client = Client()
    client.force_login(world.person(Role.CEO))
    page = client.get(reverse("risk:growth"))
    body = page.content.decode()
    assert "Each school's category over the last six half-terms" in body
    assert "C \N{EN DASH} Repair" in body and "Not categorised" in body
    start = body.index('src="data:image/svg+xml;base64,') + len('src="data:image/svg+xml;base64,')
    svg = base64.b64decode(body[start : body.index('"', start)]).decode()
    assert "Alder Primary" in svg
    csv = client.get(reverse("risk:growth"), {"format": "csv", "table": "categories"})
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("School,Autumn 1 2026/27")
    alder = next(line for line in lines if line.startswith("Alder Primary"))
    assert alder.split(",")[1:] == ["C \N{EN DASH} Repair"] * (len(lines[0].split(",")) - 1)
    birch = next(line for line in lines if line.startswith("Birch Primary"))
    assert birch.split(",")[1] == "Not yet in the trust"
    assert "Not yet in the trust" in body
    directors = client.get(reverse("risk:growth"), {"format": "csv", "table": "directors"})
    rows = directors.content.decode("utf-8-sig").splitlines()
    assert rows[0] == (
        "Director of QA,Clusters,Schools,Limit,Over the limit,Visits due in the next six weeks"
    )
    assert rows[1].startswith("Director of Quality Assurance of A,North cluster,2,8,No,")
