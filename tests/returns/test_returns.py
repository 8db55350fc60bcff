"""Data returns: the school's data page, entering and editing a return, its per-cell checks, and
the school page's Data panel.

Heads (UPDATE_PROGRESS) and the CEO, deputy and the school's Director of QA (MANAGE_IMPROVEMENT)
write; every other reader of the school reads; another trust gets 404; nothing half-written.
"""

from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled

from fht.models import User
from fht.roles import Role
from fht.tenancy import trust_scope
from returns import panels
from returns.models import AttainmentRow, DataReturn
from schools.models import HalfTerm, School
from tests.conftest import World

pytestmark = pytest.mark.django_db

WRITERS = [Role.HEAD_TEACHER, Role.EXECUTIVE_HEAD, Role.QA_DIRECTOR, Role.CEO, Role.DEPUTY_CEO]
READ_ONLY = [
    Role.GOVERNOR,
    Role.CHAIR_OF_GOVERNORS,
    Role.TRUSTEE,
    Role.TRUST_ADMIN,
    Role.CPD_LEAD,
    Role.LEAD_PRACTITIONER,
]


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def half_term(world: World, number: int) -> HalfTerm:
    assert world.year is not None
    with scopes_disabled():
        return world.year.half_terms.get(number=number)


def return_data(world: World, *, number: int | None = 2, **cells: str) -> dict[str, str]:
    data = {
        "attendance": "95.4",
        "persistent_absence": "12.5",
        "suspensions": "2",
        "permanent_exclusions": "0",
        "y3_all_pupils": "30",
        "y3_all_reading": "80",
        "y3_all_writing": "70",
        "y3_all_maths": "75",
        "y3_all_combined": "65",
        "y3_disadvantaged_pupils": "9",
        "y3_disadvantaged_reading": "66.7",
        "y3_disadvantaged_writing": "55.6",
        "y3_disadvantaged_maths": "",
        "y3_disadvantaged_combined": "44.4",
    }
    if number is not None:
        data["half_term"] = str(half_term(world, number).pk)
    data.update(cells)
    return data


def counts() -> tuple[int, int]:
    with scopes_disabled():
        return DataReturn.objects.count(), AttainmentRow.objects.count()


def add_url(school: School) -> str:
    return reverse("returns:return_add", kwargs={"school_id": school.pk})


# --- Entering a return ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", WRITERS)
def test_writer_adds_a_return_and_history_names_them(world: World, role: Role) -> None:
    user = world.person(role)
    response = client_for(user).post(add_url(world.s1), return_data(world))
    assert response.status_code == 302
    with scopes_disabled():
        saved = DataReturn.objects.get(school=world.s1, half_term=half_term(world, 2))
        assert saved.attendance == Decimal("95.4")
        assert saved.source == DataReturn.Source.FORM
        assert saved.entered_by == user
        rows = {r.pupil_group: r for r in saved.rows.all()}
        assert set(rows) == {"all", "disadvantaged"}
        # A blank cell is 'not assessed', never zero.
        assert rows["disadvantaged"].maths is None
        assert rows["disadvantaged"].reading == Decimal("66.7")
        assert saved.history.latest().history_user == user
        assert all(r.history.latest().history_user == user for r in rows.values())
    assert response["Location"] == reverse("returns:return_detail", kwargs={"return_id": saved.pk})


def test_the_grid_offers_the_schools_year_groups(world: World) -> None:
    body = client_for(world.person(Role.HEAD_TEACHER)).get(add_url(world.s1)).content.decode()
    assert 'name="y0_all_pupils"' in body  # Reception
    assert 'name="y6_cla_combined"' in body
    assert 'name="y7_all_pupils"' not in body  # a primary has no Year 7
    # Each cell has its own label naming year group, group and subject, for screen readers.
    assert (
        '<label class="govuk-visually-hidden" for="id_y3_disadvantaged_writing">'
        "Year 3, disadvantaged, writing (%)</label>"
    ) in body
    # Only the trust's half-terms are offered, and the one already returned says so.
    assert "Autumn 1 2026/27 (already entered)" in body
    assert body.count('<option value="') == 1 + 6  # the "choose" option and six half-terms


@pytest.mark.parametrize(
    ("cells", "field", "message"),
    [
        (
            {"y3_disadvantaged_writing": "120"},
            "y3_disadvantaged_writing",
            "Year 3, disadvantaged, writing must be between 0 and 100",
        ),
        (
            {"y3_all_reading": "eighty"},
            "y3_all_reading",
            "Year 3, all pupils, reading must be a number, for example 72.5",
        ),
        (
            {"y3_disadvantaged_pupils": "-2"},
            "y3_disadvantaged_pupils",
            "Year 3, disadvantaged, pupils cannot be negative",
        ),
        (
            {"y3_disadvantaged_pupils": "31"},
            "y3_disadvantaged_pupils",
            "Year 3, disadvantaged, pupils cannot be more than the 30 pupils in Year 3",
        ),
        (
            {"y3_all_combined": "72"},
            "y3_all_combined",
            "Year 3, all pupils, combined cannot be higher than reading, writing or maths alone",
        ),
        (
            {"y4_send_reading": "50"},
            "y4_send_pupils",
            "Year 4, SEND, pupils must be filled in: enter the number of pupils in the group",
        ),
        (
            {"y5_eal_pupils": "4"},
            "y5_all_pupils",
            "Year 5, all pupils, pupils must be filled in: the EAL group is a part of it",
        ),
        (
            {"y0_cla_pupils": "0", "y0_all_pupils": "20", "y0_cla_maths": "100"},
            "y0_cla_maths",
            "Reception, children looked after, maths must be blank when there are no pupils",
        ),
        ({"attendance": "101"}, "attendance", "Attendance must be between 0 and 100"),
        ({"suspensions": "-1"}, "suspensions", "Suspensions cannot be negative"),
    ],
)
def test_a_bad_cell_is_named_and_nothing_is_written(
    world: World, cells: dict[str, str], field: str, message: str
) -> None:
    before = counts()
    data = return_data(world, **cells)
    response = client_for(world.person(Role.HEAD_TEACHER)).post(add_url(world.s1), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "There is a problem" in body
    # The summary links to the cell; the message sits by the cell too.
    assert f'<a href="#id_{field}">{message}</a>' in body
    assert f'id="id_{field}_error"' in body
    assert f'aria-describedby="id_{field}_error"' in body
    # Everything typed is kept, the bad value included.
    for name, value in data.items():
        if name != "half_term" and value:
            assert f'name="{name}" value="{value}"' in body
    assert counts() == before


def test_every_bad_cell_is_reported_at_once(world: World) -> None:
    data = return_data(world, y3_all_reading="150", y3_disadvantaged_writing="-5", y6_eal_maths="x")
    response = client_for(world.person(Role.HEAD_TEACHER)).post(add_url(world.s1), data)
    body = response.content.decode()
    assert response.status_code == 400
    assert "Year 3, all pupils, reading must be between 0 and 100" in body
    assert "Year 3, disadvantaged, writing must be between 0 and 100" in body
    assert "Year 6, EAL, maths must be a number" in body


def test_a_second_return_for_the_half_term_is_refused_with_a_way_to_edit_it(world: World) -> None:
    before = counts()
    response = client_for(world.person(Role.HEAD_TEACHER)).post(
        add_url(world.s1), return_data(world, number=1)
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Alder Primary already has a data return for Autumn 1 2026/27" in body
    assert reverse("returns:return_edit", kwargs={"return_id": world.data_return.pk}) in body  # type: ignore[union-attr]
    assert counts() == before


def test_another_trusts_half_term_cannot_be_chosen(world: World) -> None:
    assert world.other_year is not None
    with scopes_disabled():
        theirs = world.other_year.half_terms.get(number=2)
    data = return_data(world, half_term=str(theirs.pk))
    response = client_for(world.person(Role.HEAD_TEACHER)).post(add_url(world.s1), data)
    assert response.status_code == 400
    assert "Choose one of the trust&#x27;s half-terms" in response.content.decode()
    with scopes_disabled():
        assert not DataReturn.objects.filter(half_term=theirs, school=world.s1).exists()


def test_editing_a_return_replaces_its_figures_and_keeps_history(world: World) -> None:
    head = world.person(Role.HEAD_TEACHER)
    data_return = world.data_return
    assert data_return is not None
    url = reverse("returns:return_edit", kwargs={"return_id": data_return.pk})
    page = client_for(head).get(url).content.decode()
    assert 'name="y1_all_pupils" value="30"' in page  # the saved figures are filled in
    data = return_data(world, number=None, attendance="96.1")
    response = client_for(head).post(url, data)
    assert response.status_code == 302
    with scopes_disabled():
        data_return.refresh_from_db()
        assert data_return.attendance == Decimal("96.1")
        assert sorted(data_return.rows.values_list("year_group", "pupil_group")) == [
            (3, "all"),
            (3, "disadvantaged"),
        ]
        deleted = AttainmentRow.history.filter(history_type="-", data_return_id=data_return.pk)
        assert deleted.count() == 10
        assert {h.history_user for h in deleted} == {head}
        assert data_return.history.latest().history_user == head


# --- Who may -------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", READ_ONLY)
def test_read_only_roles_read_the_data_but_cannot_write(world: World, role: Role) -> None:
    client = client_for(world.person(role))
    data_url = reverse("returns:school_data", kwargs={"school_id": world.s1.pk})
    page = client.get(data_url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Autumn 1 2026/27" in body
    assert "Add a data return" not in body
    assert "Upload a return as CSV" not in body
    assert "edit it" not in body
    assert "Statutory outcomes for" not in body
    before = counts()
    assert client.post(add_url(world.s1), return_data(world)).status_code == 404
    edit = reverse("returns:return_edit", kwargs={"return_id": world.data_return.pk})  # type: ignore[union-attr]
    assert client.post(edit, return_data(world, number=None)).status_code == 404
    assert counts() == before


def test_the_head_of_another_school_gets_404(world: World) -> None:
    client = client_for(world.south_head)
    assert (
        client.get(reverse("returns:school_data", kwargs={"school_id": world.s1.pk})).status_code
        == 404
    )
    assert client.post(add_url(world.s1), return_data(world)).status_code == 404


def test_another_trust_gets_404_for_everything(world: World) -> None:
    for user in (world.other_ceo, world.other_head):
        client = client_for(user)
        for url in (
            reverse("returns:school_data", kwargs={"school_id": world.s1.pk}),
            reverse("returns:return_detail", kwargs={"return_id": world.data_return.pk}),  # type: ignore[union-attr]
            reverse("returns:return_edit", kwargs={"return_id": world.data_return.pk}),  # type: ignore[union-attr]
            add_url(world.s1),
        ):
            assert client.get(url).status_code == 404, url
            assert client.post(url, return_data(world)).status_code == 404, url


# --- The data page -------------------------------------------------------------------------------


def test_the_data_page_shows_the_latest_return_against_national_and_target(world: World) -> None:
    body = (
        client_for(world.person(Role.GOVERNOR))
        .get(reverse("returns:school_data", kwargs={"school_id": world.s1.pk}))
        .content.decode()
    )
    assert "Latest return: Autumn 1 2026/27" in body
    assert "95.2%" in body  # attendance
    assert "94.5%" in body  # national attendance
    assert "96%" in body  # the school's attendance target
    assert '<img src="data:image/svg+xml;base64,' in body
    assert 'alt="Latest return, Autumn 1 2026/27: bar chart' in body
    assert "Year 6" in body and "Disadvantaged" in body


def test_the_empty_data_page_invites_the_first_return(world: World) -> None:
    url = reverse("returns:school_data", kwargs={"school_id": world.s2.pk})
    ceo = client_for(world.person(Role.CEO)).get(url).content.decode()
    assert "No data return yet" in ceo and "add the first one" in ceo
    governor = client_for(world.colleague).get(url).content.decode()
    assert "No data return yet" in governor and "add the first one" not in governor


def _add_returns(world: World, how_many: int) -> None:
    """More returns at s1, each with a grid like the first's (Autumn 2 onwards)."""
    assert world.data_return is not None
    with scopes_disabled():
        rows = list(world.data_return.rows.all())
        for number in range(2, 2 + how_many):
            data_return = DataReturn.objects.create(
                trust=world.trust,
                school=world.s1,
                half_term=half_term(world, number),
                attendance=Decimal("94.0"),
                persistent_absence=Decimal("15.0"),
                suspensions=1,
                permanent_exclusions=0,
            )
            for row in rows:
                row.pk = None
                row.data_return = data_return
                row.save()


def _data_page_queries(world: World) -> int:
    client = client_for(world.person(Role.HEAD_TEACHER))
    url = reverse("returns:school_data", kwargs={"school_id": world.s1.pk})
    client.get(url)  # the session and permission caches warm
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_data_page_queries_do_not_grow_with_the_returns(world: World) -> None:
    one = _data_page_queries(world)
    _add_returns(world, 5)
    assert _data_page_queries(world) == one
    assert one <= 20


def test_returns_table_downloads_as_csv(world: World) -> None:
    _add_returns(world, 2)
    url = reverse("returns:school_data", kwargs={"school_id": world.s1.pk}) + "?format=csv"
    response = client_for(world.person(Role.TRUSTEE)).get(url)
    assert response.status_code == 200
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Collection point,Attendance (%)")
    assert [line.split(",")[0] for line in lines[1:]] == [
        "Spring 1 2026/27",
        "Autumn 2 2026/27",
        "Autumn 1 2026/27",
    ]


def test_a_returns_grid_downloads_in_the_upload_format(world: World) -> None:
    url = reverse("returns:return_detail", kwargs={"return_id": world.data_return.pk})  # type: ignore[union-attr]
    response = client_for(world.person(Role.GOVERNOR)).get(url + "?format=csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "year_group,pupil_group,pupils,reading,writing,maths,combined"
    assert "Year 1,All pupils,30,78.0,70.0,75.0,64.0" in lines
    assert len(lines) == 13


# --- The school page's panel ---------------------------------------------------------------------


def test_the_school_page_has_a_data_panel_linking_to_the_data_page(world: World) -> None:
    body = (
        client_for(world.person(Role.GOVERNOR))
        .get(reverse("schools:detail", kwargs={"school_id": world.s1.pk}))
        .content.decode()
    )
    assert '<h2 class="govuk-heading-m" id="data-panel-title">Data</h2>' in body
    assert "Latest return: Autumn 1 2026/27" in body
    assert "95.2% <" in body or "95.2%<" in body
    assert "(national 94.5%, target 96%)" in body
    assert reverse("returns:school_data", kwargs={"school_id": world.s1.pk}) in body


def test_the_panel_is_for_readers_of_improvement_only_and_takes_three_queries(
    world: World,
) -> None:
    head = world.person(Role.HEAD_TEACHER)
    with trust_scope(world.trust.pk):
        assert panels.school_panel(world.stranger, world.s1) is None  # type: ignore[arg-type]
        assert panels.school_panel(head, world.s3) is None
        panels.school_panel(head, world.s1)  # the permission set is loaded once per request
        with CaptureQueriesContext(connection) as queries:
            panel = panels.school_panel(head, world.s1)
    assert panel is not None
    assert len(queries) <= 3
    figures: dict[str, Any] = {f["measure"]: f for f in panel.context["figures"]}
    assert figures["attendance"]["value"] == 95.2
    assert figures["attendance"]["national"] == 94.5
    assert figures["attendance"]["target"] == 96.0
    assert figures["on_track_reading"]["value"] == 78.0
