"""Academic years and their six half-terms: English default dates, edited by the trust's
administrators. Every member reads them; no one else writes, and another trust's year is a 404.
"""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled

from fht.models import User
from fht.roles import Role
from fht.tenancy import trust_scope
from isap.models import Plan
from qa_visits.models import Visit
from returns.models import DataReturn, NationalBenchmark, SchoolTarget
from schools import services
from schools.models import AcademicYear, HalfTerm
from tests.conftest import World

pytestmark = pytest.mark.django_db

NAMES = ["Autumn 1", "Autumn 2", "Spring 1", "Spring 2", "Summer 1", "Summer 2"]


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _half_terms(year: AcademicYear) -> list[HalfTerm]:
    with scopes_disabled():
        return list(HalfTerm.objects.filter(academic_year=year).order_by("number"))


def _dates(year: AcademicYear) -> list[tuple[dt.date, dt.date]]:
    return [(h.starts_on, h.ends_on) for h in _half_terms(year)]


def _history_count() -> int:
    with scopes_disabled():
        return AcademicYear.history.count() + HalfTerm.history.count()


def _post_data(dates: list[tuple[dt.date, dt.date]]) -> dict[str, str]:
    data = {}
    for number, (starts_on, ends_on) in enumerate(dates, start=1):
        for key, day in (("starts_on", starts_on), ("ends_on", ends_on)):
            data[f"{key}_{number}_day"] = str(day.day)
            data[f"{key}_{number}_month"] = str(day.month)
            data[f"{key}_{number}_year"] = str(day.year)
    return data


def _edit_url(year: AcademicYear) -> str:
    return reverse("schools:years:edit", args=[year.pk])


# --- Default dates -------------------------------------------------------------------------------


@pytest.mark.parametrize("starts_in", range(2024, 2036))
def test_default_dates_follow_the_rule(starts_in: int) -> None:
    dates = services.default_half_terms(starts_in)
    assert len(dates) == 6
    previous_end = dt.date(starts_in, 8, 31)
    for starts_on, ends_on in dates:
        assert starts_on.weekday() == 0, "each half-term starts on a Monday"
        assert ends_on.weekday() == 4, "and ends on a Friday"
        assert previous_end < starts_on < ends_on
        previous_end = ends_on
    assert dates[0][0] <= dt.date(starts_in, 9, 7)
    assert dt.date(starts_in, 12, 15) <= dates[1][1] <= dt.date(starts_in, 12, 22)
    assert dates[2][0].month == 1 and dates[2][0].day >= 2
    assert dates[5][1] <= dt.date(starts_in + 1, 7, 24)


def test_a_new_year_has_six_half_terms_on_the_default_dates(world: World) -> None:
    admin = world.person(Role.TRUST_ADMIN)
    with trust_scope(world.trust.pk):
        year = services.academic_year_create(trust=world.trust, starts_in=2027, acting_user=admin)
    assert str(year) == "2027/28"
    half_terms = _half_terms(year)
    assert [h.get_name_display() for h in half_terms] == NAMES
    assert [h.number for h in half_terms] == [1, 2, 3, 4, 5, 6]
    assert all(h.trust_id == world.trust.pk for h in half_terms)
    with scopes_disabled():
        assert year.history.get().history_user == admin
        assert {h.history.get().history_user for h in half_terms} == {admin}


def test_the_default_dates_of_2026_27(world: World) -> None:
    assert world.year is not None
    assert _dates(world.year) == [
        (dt.date(2026, 9, 7), dt.date(2026, 10, 23)),
        (dt.date(2026, 11, 2), dt.date(2026, 12, 18)),
        (dt.date(2027, 1, 4), dt.date(2027, 2, 12)),
        (dt.date(2027, 2, 22), dt.date(2027, 3, 26)),
        (dt.date(2027, 4, 12), dt.date(2027, 5, 28)),
        (dt.date(2027, 6, 7), dt.date(2027, 7, 23)),
    ]


def test_a_year_already_added_is_refused_by_the_service(world: World) -> None:
    with trust_scope(world.trust.pk), pytest.raises(ValidationError) as refused:
        services.academic_year_create(trust=world.trust, starts_in=2026, acting_user=None)
    assert refused.value.message_dict == {
        "starts_in": ["The academic year 2026/27 has already been added."]
    }


def test_a_year_already_added_is_refused_on_the_page(world: World) -> None:
    before = _history_count()
    response = _client(world.person(Role.TRUST_ADMIN)).post(
        reverse("schools:years:add"), {"starts_in": "2026"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "The academic year 2026/27 has already been added." in page
    assert 'value="2026"' in page
    assert _history_count() == before


def test_administrator_adds_the_next_year(world: World) -> None:
    client = _client(world.person(Role.CEO))
    form = client.get(reverse("schools:years:add")).content.decode()
    assert 'value="2027"' in form, "the year after the latest is offered"
    response = client.post(reverse("schools:years:add"), {"starts_in": "2027"}, follow=True)
    assert response.redirect_chain == [(reverse("schools:years:list"), 302)]
    assert "2027/28 has been added." in response.content.decode()
    with scopes_disabled():
        assert AcademicYear.objects.filter(trust=world.trust, starts_in=2027).exists()


# --- Editing the dates ---------------------------------------------------------------------------


def test_administrator_changes_the_dates_and_the_history_names_them(world: World) -> None:
    assert world.year is not None
    admin = world.person(Role.DEPUTY_CEO)
    dates = _dates(world.year)
    dates[0] = (dt.date(2026, 9, 3), dt.date(2026, 10, 23))
    response = _client(admin).post(_edit_url(world.year), _post_data(dates), follow=True)
    assert response.redirect_chain == [(reverse("schools:years:list"), 302)]
    assert "The half-terms of 2026/27 have been updated." in response.content.decode()
    assert _dates(world.year) == dates
    autumn_1, autumn_2 = _half_terms(world.year)[:2]
    with scopes_disabled():
        assert autumn_1.history.order_by("-history_id").first().history_user == admin
        assert autumn_2.history.count() == 1, "an unchanged half-term gets no history row"


@pytest.mark.parametrize(
    ("number", "change", "field", "message"),
    [
        (
            2,
            (dt.date(2026, 10, 20), dt.date(2026, 12, 18)),
            "starts_on_2",
            "Autumn 2 must start after Autumn 1 ends (23 October 2026).",
        ),
        (
            3,
            (dt.date(2027, 2, 12), dt.date(2027, 1, 4)),
            "ends_on_3",
            "Spring 1 must end after it starts.",
        ),
        (
            1,
            (dt.date(2026, 7, 31), dt.date(2026, 10, 23)),
            "starts_on_1",
            "Autumn 1 must start on or after 1 August 2026.",
        ),
        (
            6,
            (dt.date(2027, 6, 7), dt.date(2027, 9, 1)),
            "ends_on_6",
            "Summer 2 must end by 31 August 2027.",
        ),
    ],
)
def test_wrong_dates_are_refused_by_the_field_and_nothing_is_written(
    world: World,
    number: int,
    change: tuple[dt.date, dt.date],
    field: str,
    message: str,
) -> None:
    assert world.year is not None
    before, history = _dates(world.year), _history_count()
    dates = list(before)
    dates[0] = (dt.date(2026, 9, 2), dt.date(2026, 10, 23))  # a valid change, refused with the rest
    dates[number - 1] = change
    response = _client(world.person(Role.TRUST_ADMIN)).post(
        _edit_url(world.year), _post_data(dates)
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert f'<a href="#id_{field}_0">{message}</a>' in page, "the summary links to the field"
    assert f'id="id_{field}_error"' in page
    day = change[0] if field.startswith("starts_on") else change[1]
    assert f'name="{field}_day" value="{day.day}"' in page, "what was typed is kept"
    assert _dates(world.year) == before
    assert _history_count() == history


def test_a_missing_date_is_refused(world: World) -> None:
    assert world.year is not None
    data = _post_data(_dates(world.year))
    data.update({"ends_on_4_day": "", "ends_on_4_month": "", "ends_on_4_year": ""})
    response = _client(world.person(Role.TRUST_ADMIN)).post(_edit_url(world.year), data)
    assert response.status_code == 400
    assert "Enter the last day of Spring 2." in response.content.decode()


def test_the_service_writes_nothing_when_any_half_term_is_wrong(world: World) -> None:
    assert world.year is not None
    before = _dates(world.year)
    dates = dict(enumerate(before, start=1))
    dates[1] = (dt.date(2026, 9, 1), dt.date(2026, 10, 23))
    dates[6] = (dt.date(2027, 7, 23), dt.date(2027, 6, 7))
    with trust_scope(world.trust.pk), pytest.raises(ValidationError) as refused:
        services.half_terms_update(academic_year=world.year, dates=dates, acting_user=None)
    assert set(refused.value.message_dict) == {"ends_on_6"}
    assert _dates(world.year) == before


# --- Who may ------------------------------------------------------------------------------------


def test_another_trusts_year_is_not_found(world: World) -> None:
    assert world.other_year is not None
    before = _dates(world.other_year)
    client = _client(world.person(Role.CEO))
    assert client.get(_edit_url(world.other_year)).status_code == 404
    dates = list(before)
    dates[0] = (dt.date(2026, 9, 1), dt.date(2026, 10, 23))
    assert client.post(_edit_url(world.other_year), _post_data(dates)).status_code == 404
    assert _dates(world.other_year) == before


@pytest.mark.parametrize(
    "role", [Role.TRUSTEE, Role.QA_DIRECTOR, Role.HEAD_TEACHER, Role.GOVERNOR, Role.CPD_LEAD]
)
def test_read_only_roles_read_the_list_but_cannot_write(world: World, role: Role) -> None:
    assert world.year is not None
    before, history = _dates(world.year), _history_count()
    client = _client(world.person(role))
    page = client.get(reverse("schools:years:list"))
    assert page.status_code == 200
    body = page.content.decode()
    assert "2026/27" in body and "Mon 7 September 2026" in body
    assert reverse("schools:years:add") not in body
    assert _edit_url(world.year) not in body
    assert client.post(reverse("schools:years:add"), {"starts_in": "2030"}).status_code == 403
    dates = list(before)
    dates[0] = (dt.date(2026, 9, 1), dt.date(2026, 10, 23))
    assert client.post(_edit_url(world.year), _post_data(dates)).status_code == 404
    assert _dates(world.year) == before
    assert _history_count() == history


def test_administrators_see_the_buttons_and_the_link_from_clusters(world: World) -> None:
    assert world.year is not None
    client = _client(world.person(Role.TRUST_ADMIN))
    body = client.get(reverse("schools:years:list")).content.decode()
    assert "Add the next academic year" in body
    assert _edit_url(world.year) in body
    assert (
        reverse("schools:years:list")
        in client.get(reverse("schools:clusters:list")).content.decode()
    )


def test_the_empty_list_says_what_to_do(world: World) -> None:
    with scopes_disabled():
        Plan.objects.filter(trust=world.trust).delete()
        Visit.objects.filter(trust=world.trust).delete()
        DataReturn.objects.filter(trust=world.trust).delete()
        NationalBenchmark.objects.filter(trust=world.trust).delete()
        SchoolTarget.objects.filter(trust=world.trust).delete()
        HalfTerm.objects.filter(trust=world.trust).delete()
        AcademicYear.objects.filter(trust=world.trust).delete()
    admin_page = _client(world.person(Role.TRUST_ADMIN)).get(reverse("schools:years:list"))
    assert "No academic years have been added yet. Add the next academic year" in (
        admin_page.content.decode()
    )
    reader_page = _client(world.person(Role.TRUSTEE)).get(reverse("schools:years:list"))
    assert "A trust administrator adds each academic year" in reader_page.content.decode()


def test_the_list_does_not_grow_with_the_number_of_years(world: World) -> None:
    client = _client(world.person(Role.TRUST_ADMIN))

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("schools:years:list"))
        assert response.status_code == 200
        return len(ctx.captured_queries)

    one_year = queries()
    with trust_scope(world.trust.pk):
        for starts_in in range(2027, 2032):
            services.academic_year_create(trust=world.trust, starts_in=starts_in, acting_user=None)
    assert queries() == one_year
