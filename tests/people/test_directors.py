"""Directors of QA allocated to clusters and their allocations ended, from the cluster page (the
people app's pages in the Clusters section).

Only holders of TrustPerm.MANAGE_STRUCTURE (CEO, deputy CEO, trust administrator) may; everyone else
gets 404 and nothing is written.
"""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from fht.models import User
from fht.roles import Role
from fht.tenancy import trust_scope
from people import services
from people.models import RoleAssignment
from schools.models import Cluster
from tests.conftest import World
from tests.factories import ClusterFactory, SchoolFactory

pytestmark = pytest.mark.django_db

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


def _history_count() -> int:
    with scopes_disabled():
        return RoleAssignment.history.count()


def _fresh(obj: RoleAssignment) -> RoleAssignment:
    with scopes_disabled():
        return RoleAssignment.objects.get(pk=obj.pk)


def _last_history(obj: RoleAssignment) -> object:
    with scopes_disabled():
        return obj.history.order_by("-history_date", "-history_id").first()


def _listed(client: Client) -> set[str]:
    response = client.get(reverse("schools:list"))
    assert response.status_code == 200
    return {school.name for school in response.context["schools"]}


# --- Allocating and ending -----------------------------------------------------------------------------


def _director_assignment(world: World) -> RoleAssignment:
    with scopes_disabled():
        return RoleAssignment.objects.get(
            person=world.person(Role.QA_DIRECTOR), cluster=world.c1, role=Role.QA_DIRECTOR
        )


def _cluster_with(world: World, open_schools: int, closed_schools: int = 0) -> Cluster:
    with scopes_disabled():
        cluster = ClusterFactory(trust=world.trust, name="Big cluster")
        for _ in range(open_schools):
            SchoolFactory(cluster=cluster)
        for _ in range(closed_schools):
            SchoolFactory(cluster=cluster, closed_on=dt.date(2024, 8, 31))
    return cluster


def _allocations(person: User, cluster: Cluster) -> int:
    with scopes_disabled():
        return RoleAssignment.objects.filter(
            person=person, cluster=cluster, role=Role.QA_DIRECTOR, ended_at__isnull=True
        ).count()


def test_administrator_allocates_a_director_of_qa(world: World) -> None:
    admin = world.person(Role.TRUST_ADMIN)
    person = world.stranger
    url = reverse("people:directors:allocate", args=[world.c2.pk])
    page = _client(admin).get(url).content.decode()
    assert f'<option value="{person.pk}">No role of A (norole@a.example)</option>' in page
    response = _client(admin).post(url, {"person": str(person.pk)}, follow=True)
    assert response.redirect_chain == [
        (reverse("schools:clusters:detail", args=[world.c2.pk]), 302)
    ]
    assert "No role of A is now a Director of QA of South cluster." in response.content.decode()
    assert _allocations(person, world.c2) == 1
    with scopes_disabled():
        assignment = RoleAssignment.objects.get(person=person, cluster=world.c2)
    assert _last_history(assignment).history_user == admin
    assert "Director of QA allocated: No role of A" in response.content.decode()
    # The new director reads the cluster's schools from their next request, and only those.
    response = _client(person).get(reverse("schools:detail", args=[world.s3.pk]))
    assert response.status_code == 200
    assert response.context["school"].name == "Cedar Primary"
    assert _listed(_client(person)) == {"Cedar Primary"}


def test_the_person_select_offers_only_this_trusts_people_not_yet_allocated(world: World) -> None:
    url = reverse("people:directors:allocate", args=[world.c1.pk])
    page = _admin(world).get(url).content.decode()
    assert f'value="{world.stranger.pk}"' in page
    assert f'value="{world.person(Role.QA_DIRECTOR).pk}"' not in page  # already allocated
    assert f'value="{world.other_ceo.pk}"' not in page and "CEO of B" not in page
    before = _history_count()
    for person in (world.other_ceo, world.person(Role.QA_DIRECTOR)):
        response = _admin(world).post(url, {"person": str(person.pk), "confirmed": "on"})
        assert response.status_code == 400
        assert "Choose a person from the list." in response.content.decode()
    assert _history_count() == before


def test_the_service_refuses_another_trusts_person_and_a_second_allocation(world: World) -> None:
    with trust_scope(world.trust.pk):
        with pytest.raises(ValidationError, match="person of the trust"):
            services.director_allocate(
                cluster=world.c1, person=world.other_ceo, acting_user=None, confirmed=True
            )
        with pytest.raises(ValidationError, match="already a Director of QA"):
            services.director_allocate(
                cluster=world.c1,
                person=world.person(Role.QA_DIRECTOR),
                acting_user=None,
                confirmed=True,
            )


def test_over_the_limit_the_allocation_asks_to_confirm(world: World) -> None:
    cluster = _cluster_with(world, open_schools=9)
    person = world.stranger
    client = _admin(world)
    url = reverse("people:directors:allocate", args=[cluster.pk])
    before = _history_count()

    response = client.post(url, {"person": str(person.pk)})
    assert response.status_code == 200
    body = response.content.decode()
    assert "govuk-warning-text" in body
    assert "would have 9 open schools in their clusters. The trust's limit is 8." in body
    assert "Allocate anyway" in body
    assert _allocations(person, cluster) == 0 and _history_count() == before

    # Sent again from the warning without the tick: an error, still nothing written.
    response = client.post(url, {"person": str(person.pk), "warned": "True"})
    assert response.status_code == 400
    assert "Tick &quot;Allocate anyway&quot;" in response.content.decode()
    assert _allocations(person, cluster) == 0 and _history_count() == before

    response = client.post(url, {"person": str(person.pk), "warned": "True", "confirmed": "on"})
    assert response.status_code == 302
    assert _allocations(person, cluster) == 1


def test_the_limit_counts_the_directors_other_clusters(world: World) -> None:
    director = world.person(Role.QA_DIRECTOR)  # already has c1: two open schools
    cluster = _cluster_with(world, open_schools=7)
    url = reverse("people:directors:allocate", args=[cluster.pk])
    response = _admin(world).post(url, {"person": str(director.pk)})
    assert response.status_code == 200
    assert "would have 9 open schools" in response.content.decode()
    assert _allocations(director, cluster) == 0


def test_closed_schools_do_not_count_towards_the_limit(world: World) -> None:
    cluster = _cluster_with(world, open_schools=8, closed_schools=3)
    url = reverse("people:directors:allocate", args=[cluster.pk])
    response = _admin(world).post(url, {"person": str(world.stranger.pk)})
    assert response.status_code == 302
    assert _allocations(world.stranger, cluster) == 1


def test_an_executive_head_has_the_lower_limit(world: World) -> None:
    head = world.person(Role.EXECUTIVE_HEAD)
    cluster = _cluster_with(world, open_schools=7)
    url = reverse("people:directors:allocate", args=[cluster.pk])
    response = _admin(world).post(url, {"person": str(head.pk)})
    assert response.status_code == 200
    body = response.content.decode()
    assert "would have 7 open schools" in body
    assert "The trust's limit is 6 for a Director of QA who is also an executive head." in body
    assert _allocations(head, cluster) == 0
    # Under the ordinary limit, a director who is not an executive head is not asked.
    response = _admin(world).post(url, {"person": str(world.stranger.pk)})
    assert response.status_code == 302


def test_ending_an_allocation_removes_access_on_the_next_request(world: World) -> None:
    admin = world.person(Role.CEO)
    director = _client(world.person(Role.QA_DIRECTOR))
    school_url = reverse("schools:detail", args=[world.s1.pk])
    assert director.get(school_url).status_code == 200
    assert _listed(director) == {"Alder Primary", "Birch Primary"}
    assignment = _director_assignment(world)
    response = _client(admin).post(
        reverse("people:directors:end", args=[world.c1.pk]),
        {"allocation": str(assignment.pk)},
        follow=True,
    )
    assert response.redirect_chain == [
        (reverse("schools:clusters:detail", args=[world.c1.pk]), 302)
    ]
    body = response.content.decode()
    assert (
        "Director of Quality Assurance of A is no longer a Director of QA of North cluster" in body
    )
    assert "Director of QA allocation ended: Director of Quality Assurance of A" in body
    ended = _fresh(assignment)
    assert ended.ended_at is not None
    assert _last_history(ended).history_user == admin
    assert director.get(school_url).status_code == 404
    assert director.get(reverse("schools:clusters:detail", args=[world.c1.pk])).status_code == 404
    assert _listed(director) == set()


def test_ending_needs_an_allocation_of_this_cluster(world: World) -> None:
    assignment = _director_assignment(world)
    client = _admin(world)
    before = _history_count()
    response = client.post(reverse("people:directors:end", args=[world.c1.pk]))
    assert response.status_code == 400
    assert "Choose the allocation to end." in response.content.decode()
    # c1's allocation sent to c2's address.
    response = client.post(
        reverse("people:directors:end", args=[world.c2.pk]),
        {"allocation": str(assignment.pk)},
    )
    assert response.status_code == 400
    assert "is not one of this cluster" in response.content.decode()
    assert _fresh(assignment).ended_at is None
    assert _history_count() == before
    # A page, not a form: the address only takes a POST.
    assert client.get(reverse("people:directors:end", args=[world.c1.pk])).status_code == 405


# --- Who may: read-only roles and other trusts are refused, and nothing is written ---------------


def _director_posts(world: World) -> list[tuple[str, int, dict[str, str]]]:
    return [
        (
            "people:directors:allocate",
            world.c2.pk,
            {"person": str(world.stranger.pk), "confirmed": "on"},
        ),
        ("people:directors:end", world.c1.pk, {"allocation": str(_director_assignment(world).pk)}),
    ]


@pytest.mark.parametrize("role", READ_ONLY_ROLES)
def test_read_only_roles_cannot_allocate_or_end(world: World, role: Role) -> None:
    client = _client(world.person(role))
    before = _history_count()
    for name, cluster_id, data in _director_posts(world):
        url = reverse(name, args=[cluster_id])
        if name != "people:directors:end":
            assert client.get(url).status_code == 404, name
        assert client.post(url, data).status_code == 404, name
    assert _history_count() == before
    assert _allocations(world.stranger, world.c2) == 0
    assert _director_assignment(world).ended_at is None


def test_another_trusts_administrator_gets_404(world: World) -> None:
    client = _client(world.other_ceo)
    before = _history_count()
    for name, cluster_id, data in _director_posts(world):
        url = reverse(name, args=[cluster_id])
        response = client.post(url, data)
        assert response.status_code == 404, name
        assert "North cluster" not in response.content.decode(), name
        if name != "people:directors:end":
            response = client.get(url)
            assert response.status_code == 404, name
            assert "South cluster" not in response.content.decode(), name
    assert _history_count() == before
    assert _director_assignment(world).ended_at is None


# --- Where it shows: the cluster page, in the Clusters section -----------------------------------


def test_a_refused_end_shows_the_cluster_page_with_its_error_summary(world: World) -> None:
    response = _admin(world).post(reverse("people:directors:end", args=[world.c1.pk]))
    assert response.status_code == 400
    body = response.content.decode()
    assert "<title>Error: North cluster" in body
    summary = body.index('class="govuk-error-summary"')
    assert summary < body.index("<h1")
    assert '<a href="#directors">Choose the allocation to end.</a>' in body
    assert 'id="directors"' in body  # the section the summary links to


def test_the_allocate_page_belongs_to_the_clusters_section(world: World) -> None:
    body = (
        _admin(world).get(reverse("people:directors:allocate", args=[world.c1.pk])).content.decode()
    )
    current = body.index('aria-current="page"')
    assert body[current : body.index("</a>", current)].endswith("Clusters</strong>")


def test_the_cluster_page_shows_its_directors_to_readers_and_the_forms_to_administrators(
    world: World,
) -> None:
    url = reverse("schools:clusters:detail", args=[world.c1.pk])
    director = world.person(Role.QA_DIRECTOR)
    read = _client(director).get(url).content.decode()
    assert f'Director of QA</dt><dd class="govuk-summary-list__value">{director.full_name}' in read
    assert "End allocation" not in read and "Allocate a Director of QA" not in read
    admin = _admin(world).get(url).content.decode()
    assert admin.index("Allocate a Director of QA") < admin.index('id="directors"')
    assert admin.index('id="directors"') < admin.index("Schools in this cluster")
    assert f'End allocation<span class="govuk-visually-hidden"> of {director.full_name}' in admin
    assert reverse("people:directors:end", args=[world.c1.pk]) in admin
