"""The director's list of actions, the support totals of clusters and the trust, and the action-plan
panels of the school and cluster pages: overdue and red actions stand out, in words and in bold."""

import csv
import datetime as dt
import io
from decimal import Decimal
from typing import Any, cast

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
from isap.models import Action, Deployment, Plan, Priority, Source
from people.services import permissions_sync
from schools.models import AcademicYear, School
from schools.services import academic_year_create
from schools.years import academic_year_for
from tests.conftest import World
from tests.factories import ClusterFactory, SchoolFactory
from tests.isap import world as isap_world

pytestmark = pytest.mark.django_db

OVERDUE = "Audit the reading books in every class"
RED = "Set up the maths intervention groups"
DONE = "Buy the new phonics books"
WORLD_ACTION = "Train all KS1 staff in the phonics scheme"


@pytest.fixture(autouse=True)
def _no_scopes() -> Any:
    with scopes_disabled():
        yield


def _today() -> dt.date:
    return timezone.localdate()


def _this_year(world: World) -> AcademicYear:
    """Today's academic year (the world's 2026/27 while it lasts; added when the clock is past it)."""
    today = _today()
    year = academic_year_for(trust_id=world.trust.pk, on=today)
    if year is None:
        starts_in = today.year if today.month >= 9 else today.year - 1
        year = academic_year_create(trust=world.trust, starts_in=starts_in, acting_user=None)
    return year


def _plan_now(world: World, school: School, head: User) -> Plan:
    year = _this_year(world)
    plan = Plan.objects.filter(school=school, academic_year=year).first()
    return plan or isap_world.add_plan(
        school, year, head=head, deployed=world.person(Role.LEAD_PRACTITIONER)
    )


def _action(plan: Plan, what: str, *, due_on: dt.date, rag: str = "", **extra: Any) -> Action:
    priority = Priority.objects.filter(plan=plan).first()
    assert priority is not None
    return Action.objects.create(
        trust=plan.trust,
        priority=priority,
        what=what,
        owner_role=extra.pop("owner_role", "Reading lead"),
        starts_on=min(due_on, dt.date(2026, 9, 7)),
        due_on=due_on,
        rag=rag,
        **extra,
    )


def _setup_actions(world: World) -> Plan:
    """At s1: one overdue (amber), one red (not yet due), one completed long ago; the world's
    actions at s1 and s3 are amber and due in two months."""
    today = _today()
    plan = _plan_now(world, world.s1, world.person(Role.HEAD_TEACHER))
    assert world.south_head is not None
    _plan_now(world, world.s3, world.south_head)
    Action.objects.filter(trust=world.trust).update(due_on=today + dt.timedelta(days=60))
    _action(plan, OVERDUE, due_on=today - dt.timedelta(days=5), rag=Rag.AMBER)
    _action(plan, RED, due_on=today + dt.timedelta(days=30), rag=Rag.RED, owner_role="Maths lead")
    _action(
        plan,
        DONE,
        due_on=today - dt.timedelta(days=20),
        rag=Rag.RED,
        status=Action.Status.COMPLETED,
    )
    return plan


def _client(user: User | None) -> Client:
    assert user is not None
    client = Client()
    client.force_login(user)
    return client


def _page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _rows(response: Any) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def _row_of(page: str, text: str) -> str:
    """The table row holding `text`."""
    at = page.index(text)
    return page[page.rindex("<tr", 0, at) : page.index("</tr>", at)]


ACTIONS = reverse("isap:action_list")

# --- the list of actions ----------------------------------------------------------------------------


def test_overdue_and_red_actions_stand_out_with_counts_at_the_top(world: World) -> None:
    _setup_actions(world)
    page = _page(_client(world.person(Role.CEO)), ACTIONS)

    assert "1 overdue, 1 red" in page
    overdue, red, plain = (
        _row_of(page, OVERDUE),
        _row_of(page, RED),
        _row_of(page, "Cedar Primary</a>"),
    )
    assert "app-attention" in overdue and "Overdue</strong>" in overdue
    assert "app-attention" in red and ">Red</strong>" in red and "Overdue</strong>" not in red
    assert "app-attention" not in plain and ">Amber</strong>" in plain
    assert DONE not in page  # open actions by default
    action = Action.objects.get(what=OVERDUE)
    assert reverse("isap:action", args=[action.pk]) in overdue
    assert reverse("isap:plan", args=[action.priority.plan_id]) in overdue


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("?show=attention", {OVERDUE, RED}, {WORLD_ACTION, DONE}),
        ("?show=all", {OVERDUE, RED, DONE, WORLD_ACTION}, set()),
        ("?q=maths", {RED}, {OVERDUE, WORLD_ACTION}),
        ("?q=reading+lead", {OVERDUE}, {RED, WORLD_ACTION}),
        ("?school={s3}", {WORLD_ACTION}, {OVERDUE, RED}),
        ("?school={s1}&show=attention&q=audit", {OVERDUE}, {RED}),
    ],
)
def test_the_list_filters(world: World, query: str, shown: set[str], hidden: set[str]) -> None:
    _setup_actions(world)
    url = ACTIONS + query.format(s1=world.s1.pk, s3=world.s3.pk)
    page = _page(_client(world.person(Role.CEO)), url)
    for what in shown:
        assert what in page, what
    for what in hidden:
        assert what not in page, what
    if "school={s3}" in query:
        assert "Alder Primary</a>" not in page and "Cedar Primary</a>" in page


def test_no_match_and_no_action_have_their_empty_states(world: World) -> None:
    _setup_actions(world)
    client = _client(world.person(Role.CEO))
    assert "No action matches these filters" in _page(client, ACTIONS + "?q=nothing+like+this")
    Action.objects.filter(trust=world.trust).update(status=Action.Status.COMPLETED)
    page = _page(client, ACTIONS)
    assert "There are no open actions" in page and "No open action is overdue or red" in page


def test_red_sorts_first_and_the_csv_is_the_rows_shown(world: World) -> None:
    _setup_actions(world)
    client = _client(world.person(Role.CEO))
    page = _page(client, ACTIONS + "?sort=rag")
    assert page.index(RED) < page.index(OVERDUE)

    rows = _rows(client.get(ACTIONS + "?show=attention&format=csv"))
    assert rows[0] == [
        "Action",
        "School",
        "Priority",
        "Responsible",
        "Due",
        "Status",
        "RAG",
        "Overdue",
    ]
    by_action = {r[0]: r for r in rows[1:]}
    assert set(by_action) == {OVERDUE, RED}
    assert by_action[OVERDUE][1] == "Alder Primary" and by_action[OVERDUE][7] == "Overdue"
    assert by_action[RED][6] == "Red" and by_action[RED][7] == ""
    assert by_action[RED][3] == "Maths lead"


def test_heads_see_only_their_own_schools_actions(world: World) -> None:
    _setup_actions(world)
    page = _page(_client(world.person(Role.HEAD_TEACHER)), ACTIONS)
    assert OVERDUE in page and "Alder Primary" in page
    assert "Cedar Primary" not in page
    assert 'id="school"' not in page  # one school: no school filter
    south = _page(_client(world.south_head), ACTIONS)
    assert OVERDUE not in south and "Cedar Primary</a>" in south
    # Another school's id in the filter shows nothing of it.
    assert "Cedar Primary</a>" not in _page(
        _client(world.person(Role.HEAD_TEACHER)), f"{ACTIONS}?school={world.s3.pk}"
    )


@pytest.mark.parametrize(
    "role", [Role.GOVERNOR, Role.TRUSTEE, Role.LEAD_PRACTITIONER, Role.CPD_LEAD, Role.TRUST_ADMIN]
)
def test_the_list_is_403_for_those_who_track_no_actions(world: World, role: Role) -> None:
    client = _client(world.person(role))
    assert client.get(ACTIONS).status_code == 403
    assert f'href="{ACTIONS}"' not in _page(client, reverse("home"))


def test_the_menu_shows_actions_to_those_who_track_them(world: World) -> None:
    for user in [world.person(Role.HEAD_TEACHER), world.person(Role.QA_DIRECTOR)]:
        assert f'href="{ACTIONS}"' in _page(_client(user), reverse("home"))
    other = _client(world.other_head)
    assert other.get(ACTIONS).status_code == 200
    assert "Alder Primary" not in _page(other, ACTIONS)


def test_the_list_does_not_grow_in_queries_with_the_actions(world: World) -> None:
    plan = _setup_actions(world)
    client = _client(world.person(Role.QA_DIRECTOR))
    client.get(ACTIONS)

    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    few = [count(ACTIONS), count(ACTIONS + "?format=csv")]
    for n in range(25):
        _action(plan, f"More work {n}", due_on=_today() - dt.timedelta(days=n), rag=Rag.RED)
    many = [count(ACTIONS), count(ACTIONS + "?format=csv")]
    assert few == many
    assert many[0] <= 12
    assert "25 overdue, 26 red" in _page(client, ACTIONS)


# --- support totals ---------------------------------------------------------------------------------


def _deploy(plan: Plan, days: str, cost: str, funder: str) -> None:
    priority = plan.priorities.first()
    assert priority is not None
    Deployment.objects.create(
        trust=plan.trust,
        priority=priority,
        provider=Deployment.Provider.EXTERNAL,
        provider_name="Reading consultancy",
        days=Decimal(days),
        cost=Decimal(cost),
        funder=funder,
        starts_on=dt.date(2026, 11, 2),
        desired_outcome="Reading lessons improve.",
    )


def _setup_support(world: World) -> None:
    """2026/27: s1 has its two visits (1 day each) and the LP's 2 core-offer days (the world), and
    3 days paid by the school (£450); s2 has no visit and 1.5 core-offer days (£200); s3 has one
    visit and 2 core-offer days (the world)."""
    assert world.plan is not None and world.year is not None
    _deploy(world.plan, "3", "450", Deployment.Funder.SCHOOL)
    s2_plan = Plan.objects.create(trust=world.trust, school=world.s2, academic_year=world.year)
    Priority.objects.create(
        trust=world.trust, plan=s2_plan, number=1, title="Writing", source=Source.OFSTED
    )
    _deploy(s2_plan, "1.5", "200", Deployment.Funder.CORE_OFFER)


def _totals_url(world: World, **extra: str) -> str:
    assert world.year is not None
    query = "&".join(f"{k}={v}" for k, v in {"year": world.year.pk, **extra}.items())
    return f"{reverse('isap:support_totals')}?{query}"


HEADER = [
    "Cluster",
    "Schools",
    "Core-offer days allowed",
    "QA visit days",
    "Support days (core offer)",
    "Core-offer days used",
    "Core-offer days left",
    "Support days (school pays)",
    "Cost to the core offer (£)",
    "Cost to schools (£)",
    "Total cost (£)",
]
NORTH = ["North cluster", "2", "12", "2.0", "3.5", "5.5", "6.5", "3", "200.00", "450.00", "650.00"]
SOUTH = ["South cluster", "1", "6", "1.0", "2.0", "3.0", "3.0", "0", "0", "0", "0"]


def _numbers(row: list[str]) -> list[object]:
    return [row[0], *(Decimal(v) for v in row[1:])]


def test_support_totals_by_cluster_and_for_the_trust(world: World) -> None:
    _setup_support(world)
    rows = _rows(_client(world.person(Role.CEO)).get(_totals_url(world, format="csv")))
    assert rows[0] == HEADER
    assert [_numbers(r) for r in rows[1:]] == [
        _numbers(NORTH),
        _numbers(SOUTH),
        _numbers(
            ["Trust", "3", "18", "3", "5.5", "8.5", "9.5", "3", "200", "450", "650"],
        ),
    ]
    page = _page(_client(world.person(Role.TRUSTEE)), _totals_url(world))
    assert "North cluster" in page and "South cluster" in page
    assert "8.5</span> core-offer days used of 18" in page
    assert "£650.00</span> support costs" in page


def test_a_director_of_qa_sees_their_clusters_totals(world: World) -> None:
    _setup_support(world)
    client = _client(world.person(Role.QA_DIRECTOR))
    rows = _rows(client.get(_totals_url(world, format="csv")))
    assert [_numbers(r) for r in rows[1:]] == [
        _numbers(NORTH),
        _numbers(["Your clusters", *NORTH[1:]]),
    ]
    assert "South cluster" not in _page(client, _totals_url(world))


@pytest.mark.parametrize(
    "role", [Role.HEAD_TEACHER, Role.GOVERNOR, Role.LEAD_PRACTITIONER, Role.SYSTEM_LEADER]
)
def test_support_totals_are_403_for_others(world: World, role: Role) -> None:
    assert _client(world.person(role)).get(_totals_url(world)).status_code == 403


def test_support_totals_take_a_fixed_number_of_queries(world: World) -> None:
    _setup_support(world)
    client = _client(world.person(Role.CEO))
    url = _totals_url(world)
    client.get(url)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    few = count()
    assert world.year is not None
    for n in range(4):
        cluster = ClusterFactory(trust=world.trust, name=f"Cluster {n}")
        for _ in range(3):
            school = cast(School, SchoolFactory(cluster=cluster))
            plan = Plan.objects.create(trust=world.trust, school=school, academic_year=world.year)
            Priority.objects.create(
                trust=world.trust, plan=plan, number=1, title="Maths", source=Source.OFSTED
            )
            _deploy(plan, "1", "100", Deployment.Funder.CORE_OFFER)
    permissions_sync(trust=world.trust)
    assert count() == few <= 12
    assert "Cluster 3" in _page(client, url)


# --- the panels ---------------------------------------------------------------------------------------


def test_the_school_panel_lists_overdue_and_red_actions(world: World) -> None:
    plan = _setup_actions(world)
    page = _page(
        _client(world.person(Role.GOVERNOR)), reverse("schools:detail", args=[world.s1.pk])
    )
    panel = page[page.index('id="isap-panel-title"') :]
    assert f"Action plan {plan.academic_year}</a>: not agreed yet" in panel
    assert "Head teacher: not signed yet" in panel
    assert "3 open actions: 1 overdue, 1 red." in panel
    overdue, red = _row_of(panel, OVERDUE), _row_of(panel, RED)
    assert "app-attention" in overdue and "Overdue</strong>" in overdue
    assert "app-attention" in red and ">Red</strong>" in red
    assert WORLD_ACTION not in panel.split("</table>")[0]  # amber and not due: not listed
    assert "Core-offer days this year:" in panel
    assert reverse("isap:plan_history", args=[plan.pk]) in panel


def test_the_school_panel_offers_to_start_a_missing_plan_to_those_who_manage(
    world: World,
) -> None:
    year = _this_year(world)
    url = reverse("schools:detail", args=[world.s2.pk])
    start = reverse("isap:plan_start", args=[world.s2.pk])
    page = _page(_client(world.person(Role.QA_DIRECTOR)), url)
    assert f"No action plan for {year} yet." in page and start in page
    reader = _page(_client(world.colleague), url)  # the governor of s2
    assert f"No action plan for {year} yet." in reader and start not in reader


def test_the_cluster_panel_shows_support_and_each_schools_overdue_and_red(world: World) -> None:
    plan = _setup_actions(world)
    _deploy(plan, "3", "450", Deployment.Funder.SCHOOL)
    page = _page(
        _client(world.person(Role.GOVERNOR)), reverse("schools:clusters:detail", args=[world.c1.pk])
    )
    panel = page[page.index('id="isap-cluster-title"') :]
    alder = _row_of(panel, "Alder Primary")
    assert "app-attention" in alder and "Overdue</strong>" in alder and ">Red</strong>" in alder
    assert reverse("isap:plan", args=[plan.pk]) in alder
    assert "(no plan yet)" in _row_of(panel, "Birch Primary")
    assert "3 days, £450.00" in panel  # paid by the schools
    # A governor does not see the trust's support totals page, so it is not linked.
    assert reverse("isap:support_totals") not in panel


# --- the home page's panel ----------------------------------------------------------------------


def test_the_home_page_shows_the_heads_plan_and_the_actions_they_are_named_on(
    world: World,
) -> None:
    plan = _setup_actions(world)
    head = world.person(Role.HEAD_TEACHER)
    mine = _action(plan, "Lead the phonics CPD session", due_on=_today(), owner=head)
    page = _page(_client(head), reverse("home"))
    panel = page[page.index('id="isap-home-title"') :]
    row = _row_of(panel, world.s1.name)
    assert reverse("isap:plan", args=[plan.pk]) in row and "Not agreed yet" in row
    assert "app-attention" in row and "1 overdue</strong>" in row and "1 red</strong>" in row
    assert world.s3.name not in panel  # not the head's school
    # The world's action at s1 names the head too; the one due today comes first.
    assert "You are named on 2 open actions." in panel
    assert panel.index(reverse("isap:action", args=[mine.pk])) < panel.index(WORLD_ACTION)


def test_a_director_sees_the_plans_of_their_clusters_and_a_missing_one(world: World) -> None:
    plan = _setup_actions(world)
    page = _page(_client(world.person(Role.QA_DIRECTOR)), reverse("home"))
    panel = page[page.index('id="isap-home-title"') :]
    assert reverse("isap:plan", args=[plan.pk]) in _row_of(panel, world.s1.name)
    missing = _row_of(panel, world.s2.name)  # cluster c1, no plan this year
    assert "Not started" in missing and reverse("isap:school_plans", args=[world.s2.pk]) in missing
    assert world.s3.name not in panel  # cluster c2
    assert "Actions you are responsible for" not in panel


def test_readers_see_only_the_actions_they_are_named_on_and_others_no_panel(world: World) -> None:
    plan = _setup_actions(world)
    governor = world.person(Role.GOVERNOR)
    assert 'id="isap-home-title"' not in _page(_client(governor), reverse("home"))
    _action(plan, "Governor visit on reading", due_on=_today(), owner=governor)
    page = _page(_client(governor), reverse("home"))
    panel = page[page.index('id="isap-home-title"') :]
    assert "Governor visit on reading" in panel and "<table" not in panel.split("</section>")[0]
    # Named on an action of a school they no longer read: not shown.
    other = world.colleague  # the governor of s2
    assert other is not None
    _action(plan, "A task at another school", due_on=_today(), owner=other)
    assert "A task at another school" not in _page(_client(other), reverse("home"))
