"""Trust administration of schools and clusters: add, edit, close (Directors of QA are allocated
from the cluster page by people: tests/people/test_directors.py).

Only holders of TrustPerm.MANAGE_STRUCTURE (CEO, deputy CEO, trust administrator) may; everyone else
gets 403 on the trust-level pages and 404 on an object's pages, and nothing is written.
"""

import datetime as dt
from collections.abc import Iterator

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from fht.models import User
from fht.roles import Role
from fht.tenancy import trust_scope
from people import services as people_services
from people.models import RoleAssignment
from people.services import role_assign
from schools import services
from schools.models import Cluster, School
from tests.conftest import World
from tests.factories import SchoolFactory, UserFactory

pytestmark = pytest.mark.django_db

ADMIN_ROLES = [Role.CEO, Role.DEPUTY_CEO, Role.TRUST_ADMIN]
READ_ONLY_ROLES = [
    Role.GOVERNOR,
    Role.CHAIR_OF_GOVERNORS,
    Role.TRUSTEE,
    Role.QA_DIRECTOR,
    Role.HEAD_TEACHER,
    Role.CPD_LEAD,
]


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _admin(world: World) -> Client:
    return _client(world.person(Role.TRUST_ADMIN))


def _date(prefix: str, value: dt.date | None) -> dict[str, str]:
    if value is None:
        return {f"{prefix}_day": "", f"{prefix}_month": "", f"{prefix}_year": ""}
    return {
        f"{prefix}_day": str(value.day),
        f"{prefix}_month": str(value.month),
        f"{prefix}_year": str(value.year),
    }


def _school_data(world: World, **changes: str) -> dict[str, str]:
    data = {
        "name": "Elm Tree Primary",
        "urn": "123456",
        "establishment_number": "891/2001",
        "phase": School.Phase.PRIMARY,
        "local_authority": "Nottinghamshire",
        "pupils_on_roll": "412",
        "route": School.Route.CONVERTER,
        "governing_body": "Elm Tree LGB",
        "cluster": str(world.c1.pk),
        **_date("joined_trust_on", dt.date(2020, 9, 1)),
    }
    data.update(changes)
    return data


def _edit_data(world: World, school: School, **changes: str) -> dict[str, str]:
    current = {
        "name": school.name,
        "urn": school.urn,
        "establishment_number": school.establishment_number,
        "cluster": str(school.cluster_id or ""),
    }
    return _school_data(world, **{**current, **changes})


def _select(body: str, name: str) -> str:
    """The HTML of one select element of a page."""
    start = body.index(f'<select name="{name}"')
    return body[start : body.index("</select>", start)]


def _school_count() -> int:
    with scopes_disabled():
        return School.objects.count()


def _history_count() -> int:
    with scopes_disabled():
        return School.history.count() + Cluster.history.count() + RoleAssignment.history.count()


def _fresh(obj: School | Cluster | RoleAssignment) -> School | Cluster | RoleAssignment:
    with scopes_disabled():
        return type(obj).objects.get(pk=obj.pk)


def _last_history(obj: School | Cluster | RoleAssignment) -> object:
    with scopes_disabled():
        return obj.history.order_by("-history_date", "-history_id").first()


# --- Adding and editing a school -----------------------------------------------------------------


@pytest.mark.parametrize("role", ADMIN_ROLES)
def test_administrator_adds_a_school_and_the_history_names_them(world: World, role: Role) -> None:
    admin = world.person(role)
    client = _client(admin)
    response = client.post(reverse("schools:add"), _school_data(world), follow=True)
    assert response.status_code == 200
    with scopes_disabled():
        school = School.objects.get(urn="123456")
    assert response.redirect_chain == [(reverse("schools:detail", args=[school.pk]), 302)]
    assert "Elm Tree Primary has been added." in response.content.decode()
    assert school.trust == world.trust
    assert school.cluster == world.c1
    assert school.establishment_number == "891/2001"
    assert school.joined_trust_on == dt.date(2020, 9, 1)
    with scopes_disabled():
        assert not school.inspections.exists()  # inspections are recorded on their own form
    assert _last_history(school).history_user == admin
    # Trust-wide roles and the cluster's director reach the new school at once.
    for reader in (Role.TRUSTEE, Role.QA_DIRECTOR):
        url = reverse("schools:detail", args=[school.pk])
        response = _client(world.person(reader)).get(url)
        assert response.status_code == 200
        assert "Elm Tree Primary" in response.content.decode()
        assert "Elm Tree Primary" in _listed(_client(world.person(reader)))
    page = client.get(reverse("schools:detail", args=[school.pk])).content.decode()
    assert "Changes to this school" in page and admin.full_name in page and "Added" in page


def test_administrator_edits_a_school(world: World) -> None:
    admin = world.person(Role.TRUST_ADMIN)
    client = _client(admin)
    url = reverse("schools:edit", args=[world.s1.pk])
    page = client.get(url).content.decode()
    assert 'value="Alder Primary"' in page
    assert "closed_on" not in page  # an open school is closed from its own page
    data = _edit_data(world, world.s1, name="Alder Primary Academy", pupils_on_roll="250")
    response = client.post(url, data)
    assert response.status_code == 302
    assert response["Location"] == reverse("schools:detail", args=[world.s1.pk])
    school = _fresh(world.s1)
    assert school.name == "Alder Primary Academy"
    assert school.pupils_on_roll == 250
    assert _last_history(school).history_user == admin
    page = client.get(reverse("schools:detail", args=[school.pk])).content.decode()
    assert "Changed name" in page and "pupils on roll" in page


def test_saving_an_unchanged_school_writes_no_history(world: World) -> None:
    client = _admin(world)
    url = reverse("schools:edit", args=[world.s1.pk])
    assert client.post(url, _edit_data(world, world.s1)).status_code == 302
    before = _history_count()
    assert client.post(url, _edit_data(world, world.s1)).status_code == 302
    assert _history_count() == before


def test_moving_a_school_to_another_cluster_moves_its_directors_access(world: World) -> None:
    director = _client(world.person(Role.QA_DIRECTOR))  # Director of QA of c1
    s3 = reverse("schools:detail", args=[world.s3.pk])
    assert director.get(s3).status_code == 404
    data = _edit_data(world, world.s3, cluster=str(world.c1.pk))
    assert _listed(director) == {"Alder Primary", "Birch Primary"}
    assert _admin(world).post(reverse("schools:edit", args=[world.s3.pk]), data).status_code == 302
    response = director.get(s3)
    assert response.status_code == 200
    assert response.context["school"].name == "Cedar Primary"
    assert _listed(director) == TRUST_A_SCHOOLS


# --- Closing and reopening -----------------------------------------------------------------------


def test_administrator_closes_a_school_which_stays_visible_marked_closed(world: World) -> None:
    admin = world.person(Role.CEO)
    client = _client(admin)
    url = reverse("schools:close", args=[world.s1.pk])
    page = client.get(url).content.decode()
    assert "Close Alder Primary" in page and "govuk-date-input" in page
    closed_on = timezone.localdate() - dt.timedelta(days=1)
    response = client.post(url, _date("closed_on", closed_on), follow=True)
    assert response.redirect_chain == [(reverse("schools:detail", args=[world.s1.pk]), 302)]
    assert "Alder Primary is now marked closed." in response.content.decode()
    school = _fresh(world.s1)
    assert school.closed_on == closed_on
    assert _last_history(school).history_user == admin
    page = response.content.decode()
    assert "govuk-tag--grey" in page and "Closed " in page and "Close school</a>" not in page
    assert "Closed on" in page  # in the history
    listing = client.get(reverse("schools:list")).content.decode()
    assert "Alder Primary" in listing and ">Closed<" in listing
    # A governor of the school still reads it, marked closed.
    governor = _client(world.person(Role.GOVERNOR))
    response = governor.get(reverse("schools:detail", args=[world.s1.pk]))
    assert response.status_code == 200
    assert "Alder Primary" in response.content.decode()
    assert response.context["school"].closed_on == closed_on
    # Closing it again is refused; the page says how to reopen it.
    assert "To reopen it" in client.get(url).content.decode()
    assert client.post(url, _date("closed_on", closed_on)).status_code == 400


def test_administrator_reopens_a_school_by_clearing_the_date(world: World) -> None:
    client = _admin(world)
    closed_on = timezone.localdate()
    client.post(reverse("schools:close", args=[world.s1.pk]), _date("closed_on", closed_on))
    url = reverse("schools:edit", args=[world.s1.pk])
    page = client.get(url).content.decode()
    assert f'name="closed_on_year" value="{closed_on.year}"' in page
    data = _edit_data(world, world.s1, **_date("closed_on", None))
    assert client.post(url, data).status_code == 302
    assert _fresh(world.s1).closed_on is None
    page = client.get(reverse("schools:detail", args=[world.s1.pk])).content.decode()
    assert "Reopened" in page


@pytest.mark.parametrize(
    ("closed_on", "message"),
    [
        (None, "Enter the date the school closed or left the trust."),
        (dt.date.today() + dt.timedelta(days=30), "must be today or earlier"),
        (dt.date(2019, 1, 1), "on or after the date it joined the trust (1 September 2020)"),
    ],
)
def test_closing_with_a_bad_date_is_refused(
    world: World, closed_on: dt.date | None, message: str
) -> None:
    with scopes_disabled():
        School.objects.filter(pk=world.s1.pk).update(joined_trust_on=dt.date(2020, 9, 1))
    before = _history_count()
    response = _admin(world).post(
        reverse("schools:close", args=[world.s1.pk]), _date("closed_on", closed_on)
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert _fresh(world.s1).closed_on is None
    assert _history_count() == before


# --- Refused input: a clear message by the field, 400, what was typed kept, nothing written ------


def test_a_urn_already_in_this_trust_names_the_school(world: World) -> None:
    before = _school_count()
    response = _admin(world).post(reverse("schools:add"), _school_data(world, urn=world.s1.urn))
    assert response.status_code == 400
    body = response.content.decode()
    assert f"A school with URN {world.s1.urn} is already on the system: Alder Primary." in body
    assert _school_count() == before


def test_a_urn_of_another_trust_never_names_its_school(world: World) -> None:
    before = _school_count()
    response = _admin(world).post(reverse("schools:add"), _school_data(world, urn=world.sb.urn))
    assert response.status_code == 400
    body = response.content.decode()
    assert f"A school with URN {world.sb.urn} is already on the system." in body
    assert "Driftwood" not in body
    assert _school_count() == before


def test_editing_to_another_trusts_urn_is_refused(world: World) -> None:
    url = reverse("schools:edit", args=[world.s1.pk])
    response = _admin(world).post(url, _edit_data(world, world.s1, urn=world.sb.urn))
    assert response.status_code == 400
    assert "is already on the system." in response.content.decode()
    assert "Driftwood" not in response.content.decode()
    assert _fresh(world.s1).urn == world.s1.urn


@pytest.mark.parametrize("urn", ["12345", "12a456", "12345678", "123 456"])
def test_a_malformed_urn_is_refused_by_the_field(world: World, urn: str) -> None:
    before = _school_count()
    response = _admin(world).post(reverse("schools:add"), _school_data(world, urn=urn))
    assert response.status_code == 400
    body = response.content.decode()
    assert body.count("Enter the URN as six or seven digits, for example 140412.") == 2  # summary
    assert 'id="id_urn_error"' in body and "govuk-input--error" in body
    assert f'value="{urn}"' in body
    assert _school_count() == before


def test_a_refused_form_keeps_everything_typed_and_writes_nothing(world: World) -> None:
    before = (_school_count(), _history_count())
    data = _school_data(
        world,
        establishment_number="8912001",
        pupils_on_roll="lots",
        local_authority="Derbyshire",
        joined_trust_on_day="31",
        joined_trust_on_month="2",
        joined_trust_on_year="2021",
        cluster=str(world.c2.pk),
    )
    response = _admin(world).post(reverse("schools:add"), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "There is a problem" in body and "<title>Error: Add a school" in body
    assert "Enter the DfE establishment number as the LA code" in body
    assert "Enter the number of pupils on roll as a whole number" in body
    assert "Enter a real date" in body
    for kept in (
        'value="8912001"',
        'value="lots"',
        'value="Derbyshire"',
        'value="Elm Tree Primary"',
    ):
        assert kept in body
    assert 'name="joined_trust_on_day" value="31"' in body
    assert f'<option value="{world.c2.pk}" selected>' in _select(body, "cluster")
    assert (_school_count(), _history_count()) == before


def test_a_refused_edit_changes_nothing(world: World) -> None:
    before = _history_count()
    url = reverse("schools:edit", args=[world.s1.pk])
    data = _edit_data(world, world.s1, name="Renamed Primary", urn="12a456")
    response = _admin(world).post(url, data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Edit Alder Primary" in body  # the heading is the school's, not the refused name
    assert 'value="Renamed Primary"' in body
    assert _fresh(world.s1).name == "Alder Primary"
    assert _history_count() == before


def test_an_empty_form_is_refused(world: World) -> None:
    response = _admin(world).post(reverse("schools:add"), {})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Enter the school&#x27;s name." in body and "Enter the school&#x27;s URN." in body


def test_urns_are_ascii_digits_only(world: World) -> None:
    client = _client(world.person(Role.TRUST_ADMIN))
    fullwidth = "\uff11\uff14\uff10\uff14\uff11\uff12"  # '140412' in full-width digits
    response = client.post(
        reverse("schools:add"),
        {"urn": fullwidth, "name": "Wide Digits Primary", "phase": "primary"},
    )
    assert response.status_code == 400
    assert "Wide Digits Primary" in response.content.decode()  # what was typed is kept
    with scopes_disabled():
        assert not School.objects.filter(name="Wide Digits Primary").exists()


def test_a_taken_urn_is_reported_with_the_other_mistakes(world: World) -> None:
    client = _client(world.person(Role.TRUST_ADMIN))
    with scopes_disabled():
        urn = world.s1.urn
    before = _history_count()
    response = client.post(reverse("schools:add"), {"urn": urn, "name": "", "phase": "primary"})
    body = response.content.decode()
    assert response.status_code == 400
    assert f"A school with URN {urn} is already on the system" in body
    assert "Enter the school" in body  # the missing name, in the same answer
    assert _history_count() == before


# --- Choices never offer another trust's objects --------------------------------------------------


def test_the_cluster_select_offers_only_this_trusts_clusters(world: World) -> None:
    client = _admin(world)
    for url in (reverse("schools:add"), reverse("schools:edit", args=[world.s1.pk])):
        body = client.get(url).content.decode()
        select = _select(body, "cluster")
        assert f'<option value="{world.c1.pk}"' in select and "South cluster" in select
        assert f'<option value="{world.b1.pk}"' not in select and "Harbour cluster" not in body


def test_posting_another_trusts_cluster_is_refused(world: World) -> None:
    client = _admin(world)
    before = (_school_count(), _history_count())
    response = client.post(reverse("schools:add"), _school_data(world, cluster=str(world.b1.pk)))
    assert response.status_code == 400
    assert "Choose a cluster from the list." in response.content.decode()
    url = reverse("schools:edit", args=[world.s1.pk])
    response = client.post(url, _edit_data(world, world.s1, cluster=str(world.b1.pk)))
    assert response.status_code == 400
    assert _fresh(world.s1).cluster_id == world.c1.pk
    assert (_school_count(), _history_count()) == before


def test_the_service_refuses_another_trusts_cluster(world: World) -> None:
    details = services.SchoolDetails(urn="654321", name="Stray", cluster=world.b1)
    with trust_scope(world.trust.pk), pytest.raises(ValidationError) as refused:
        services.school_create(trust=world.trust, details=details, acting_user=None)
    assert "cluster" in refused.value.message_dict
    assert _school_count() == 4


def _listed(client: Client, **params: object) -> set[str]:
    response = client.get(reverse("schools:list"), params)
    assert response.status_code == 200
    return {school.name for school in response.context["schools"]}


TRUST_A_SCHOOLS = {"Alder Primary", "Birch Primary", "Cedar Primary"}


def test_the_cluster_filter_lists_that_clusters_schools(world: World) -> None:
    ceo = _client(world.person(Role.CEO))
    assert _listed(ceo) == TRUST_A_SCHOOLS
    assert _listed(ceo, cluster=world.c1.pk) == {"Alder Primary", "Birch Primary"}
    assert _listed(ceo, cluster=world.c2.pk) == {"Cedar Primary"}
    # Another trust's cluster is no cluster of this trust: nothing of it, and nothing else.
    assert _listed(ceo, cluster=world.b1.pk) == set()
    page = ceo.get(reverse("schools:list"), {"cluster": world.b1.pk}).content.decode()
    assert "Driftwood Primary" not in page and "Harbour cluster" not in page


@pytest.mark.parametrize("cluster", ["99999999999999999999", "-3", "0", "abc"])
def test_odd_cluster_filters_are_ignored(world: World, cluster: str) -> None:
    assert _listed(_client(world.person(Role.CEO)), cluster=cluster) == TRUST_A_SCHOOLS


# --- Who may: read-only roles and other trusts are refused, and nothing is written ---------------


def _admin_posts(world: World) -> list[tuple[str, dict[str, object], dict[str, str], int]]:
    return [
        ("schools:add", {}, _school_data(world), 403),
        ("schools:edit", {"school_id": world.s1.pk}, _edit_data(world, world.s1, name="X"), 404),
        ("schools:close", {"school_id": world.s1.pk}, _date("closed_on", dt.date.today()), 404),
        ("schools:clusters:add", {}, {"name": "East", "area": ""}, 403),
        ("schools:clusters:edit", {"cluster_id": world.c1.pk}, {"name": "X", "area": ""}, 404),
    ]


@pytest.mark.parametrize("role", READ_ONLY_ROLES)
def test_read_only_roles_cannot_administer(world: World, role: Role) -> None:
    client = _client(world.person(role))
    before = (_school_count(), _history_count())
    for name, kwargs, data, status in _admin_posts(world):
        url = reverse(name, kwargs=kwargs)
        assert client.get(url).status_code == status, name
        assert client.post(url, data).status_code == status, name
    assert (_school_count(), _history_count()) == before
    assert _fresh(world.s1).name == "Alder Primary"


def test_another_trusts_administrator_gets_404(world: World) -> None:
    client = _client(world.other_ceo)
    before = (_school_count(), _history_count())
    for name, kwargs, data, status in _admin_posts(world):
        if status == 403:
            continue  # trust-level pages act on the asker's own trust
        url = reverse(name, kwargs=kwargs)
        response = client.post(url, data)
        assert response.status_code == 404, name
        assert "Alder Primary" not in response.content.decode(), name
        response = client.get(url)
        assert response.status_code == 404, name
        body = response.content.decode()
        assert "Alder Primary" not in body and "North cluster" not in body, name
    assert (_school_count(), _history_count()) == before
    # What they do administer is their own trust's.
    assert _listed(client) == {"Driftwood Primary"}


def test_controls_show_only_to_administrators(world: World) -> None:
    pages = [
        (reverse("schools:list"), "Add a school"),
        (reverse("schools:detail", args=[world.s1.pk]), "Close school"),
        (
            reverse("schools:detail", args=[world.s1.pk]),
            reverse("schools:edit", args=[world.s1.pk]),
        ),
        (reverse("schools:clusters:list"), "Add a cluster"),
        (reverse("schools:clusters:detail", args=[world.c1.pk]), "Allocate a Director of QA"),
        (reverse("schools:clusters:detail", args=[world.c1.pk]), "End allocation"),
        (reverse("schools:clusters:detail", args=[world.c1.pk]), "Changes to this cluster"),
    ]
    admin, governor = _admin(world), _client(world.person(Role.GOVERNOR))
    for url, control in pages:
        assert control in admin.get(url).content.decode(), (url, control)
        assert control not in governor.get(url).content.decode(), (url, control)


# --- Clusters ------------------------------------------------------------------------------------


def test_administrator_adds_a_cluster(world: World) -> None:
    admin = world.person(Role.DEPUTY_CEO)
    response = _client(admin).post(
        reverse("schools:clusters:add"),
        {"name": "East cluster", "area": "Lincolnshire"},
        follow=True,
    )
    with trust_scope(world.trust.pk):
        cluster = Cluster.objects.get(name="East cluster")
    assert response.redirect_chain == [(reverse("schools:clusters:detail", args=[cluster.pk]), 302)]
    assert cluster.trust == world.trust and cluster.area == "Lincolnshire"
    assert _last_history(cluster).history_user == admin
    body = response.content.decode()
    assert "Cluster added" in body and admin.full_name in body
    trustee = _client(world.person(Role.TRUSTEE))
    assert trustee.get(reverse("schools:clusters:detail", args=[cluster.pk])).status_code == 200


def test_administrator_edits_a_cluster(world: World) -> None:
    admin = world.person(Role.CEO)
    url = reverse("schools:clusters:edit", args=[world.c1.pk])
    assert 'value="North cluster"' in _client(admin).get(url).content.decode()
    response = _client(admin).post(url, {"name": "Northern hub", "area": "Derbyshire"})
    assert response.status_code == 302
    cluster = _fresh(world.c1)
    assert (cluster.name, cluster.area) == ("Northern hub", "Derbyshire")
    assert _last_history(cluster).history_user == admin
    page = (
        _client(admin).get(reverse("schools:clusters:detail", args=[world.c1.pk])).content.decode()
    )
    assert "Changed name, area" in page


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("south CLUSTER", "There is already a cluster called south CLUSTER."),
        ("", "Enter the cluster&#x27;s name."),
        ("x" * 121, "120 characters or fewer"),
    ],
)
def test_a_refused_cluster_name(world: World, name: str, message: str) -> None:
    before = _history_count()
    client = _admin(world)
    for url in (
        reverse("schools:clusters:add"),
        reverse("schools:clusters:edit", args=[world.c1.pk]),
    ):
        response = client.post(url, {"name": name, "area": "Typed area"})
        assert response.status_code == 400
        body = response.content.decode()
        assert message in body and 'value="Typed area"' in body
    assert _fresh(world.c1).name == "North cluster"
    assert _history_count() == before


def test_a_cluster_name_may_repeat_another_trusts(world: World) -> None:
    response = _admin(world).post(
        reverse("schools:clusters:add"), {"name": "Harbour cluster", "area": ""}
    )
    assert response.status_code == 302


# --- Query counts: the administration pages that list things do not grow with the trust ---------


def _grow(world: World) -> None:
    """Twelve more schools in c1, each with a head; a few more directors and cluster changes."""
    with scopes_disabled():
        schools = [SchoolFactory(cluster=world.c1) for _ in range(12)]
        people = [UserFactory(trust=world.trust) for _ in range(12)]
    with trust_scope(world.trust.pk):
        for school, person in zip(schools, people, strict=True):
            role_assign(person=person, role=Role.HEAD_TEACHER, school=school, acting_user=None)
        for person in people[:3]:
            people_services.director_allocate(
                cluster=world.c1, person=person, acting_user=None, confirmed=True
            )
        for n in range(3):
            services.cluster_update(cluster=world.c1, name=f"North {n}", area="", acting_user=None)
        people_services.permissions_sync(trust=world.trust)


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _admin_pages(world: World) -> Iterator[str]:
    yield reverse("schools:add")
    yield reverse("schools:edit", args=[world.s1.pk])
    yield reverse("schools:clusters:add")
    yield reverse("schools:clusters:edit", args=[world.c1.pk])
    yield reverse("schools:clusters:detail", args=[world.c1.pk])
    yield reverse("people:directors:allocate", args=[world.c1.pk])
    yield reverse("schools:detail", args=[world.s1.pk])


def test_administration_pages_do_not_grow_with_the_trust(world: World) -> None:
    client = _client(world.person(Role.CEO))
    urls = list(_admin_pages(world))
    small = [_queries(client, url) for url in urls]
    _grow(world)
    large = [_queries(client, url) for url in urls]
    assert small == large
    # The school and cluster pages carry the data, visit and action-plan panels (up to 9 queries
    # more: 4 of them the action plan's).
    assert max(large) <= 20, dict(zip(urls, large, strict=True))


def test_the_category_shows_in_words_on_the_list_the_cluster_and_the_school(world: World) -> None:
    with scopes_disabled():
        School.objects.filter(pk=world.s1.pk).update(category="C")
    client = Client()
    client.force_login(world.person(Role.CEO))
    pages = [
        reverse("schools:list"),
        reverse("schools:clusters:detail", args=[world.s1.cluster_id]),
        reverse("schools:detail", args=[world.s1.pk]),
    ]
    for url in pages:
        body = client.get(url).content.decode()
        assert "C Repair" in body, url
    listing = client.get(reverse("schools:list")).content.decode()
    birch = listing[listing.index(world.s2.name) :]
    assert "Not categorised" in birch[: birch.index("</tr>")]
    rows = client.get(reverse("schools:list"), {"format": "csv"}).content.decode("utf-8-sig")
    assert "Category" in rows.splitlines()[0]
    assert "C \N{EN DASH} Repair" in rows
