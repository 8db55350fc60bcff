"""Every URL of the project, for every role, against objects in scope, out of scope in the same trust,
and in another trust. A URL added without an entry here fails `test_every_url_is_in_the_matrix`.

The expectations are written out by hand (not derived from fht.roles), so a change to the role table
that widens access shows up here as a failure.
"""

from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from fht.roles import Role
from tests import (
    matrix_isap,
    matrix_isap_export,
    matrix_isap_lists,
    matrix_isap_visit,
    matrix_people_admin,
    matrix_proforma,
    matrix_returns,
    matrix_schools_admin,
    matrix_visits,
)
from tests.conftest import World
from tests.matrix import (
    ACTORS,
    ADMINISTRATORS,
    C1_READERS,
    PEOPLE_READERS,
    S1_READERS,
    SCOPES,
    TRUST_WIDE,
    Case,
    obj,
)

pytestmark = pytest.mark.django_db

MATRIX: dict[str, Case] = {
    "home": Case(any_member=True, superuser=200),
    "schools:list": Case(any_member=True),
    "schools:clusters:list": Case(any_member=True),
    "schools:detail": Case(
        kwargs=obj({"in": "s1", "out": "s3", "other": "sb"}, "school_id"),
        allowed={"in": S1_READERS, "out": TRUST_WIDE, "other": set()},
    ),
    "schools:clusters:detail": Case(
        kwargs=obj({"in": "c1", "out": "c2", "other": "b1"}, "cluster_id"),
        allowed={"in": C1_READERS, "out": TRUST_WIDE, "other": set()},
    ),
    "people:list": Case(allowed={"in": PEOPLE_READERS}, denied=403),
    "people:detail": Case(
        kwargs=lambda w, scope: {
            "person_id": {"in": w.colleague, "out": w.south_head, "other": w.other_head}[scope].pk
        },
        allowed={"in": PEOPLE_READERS, "out": PEOPLE_READERS, "other": set()},
    ),
    "job_status": Case(
        kwargs=lambda w, scope: {
            "job_id": {"in": w.job, "out": w.job, "other": w.other_job}[scope].pk
        },
        allowed={"in": ADMINISTRATORS, "out": ADMINISTRATORS, "other": set()},
    ),
    "job_retry": Case(
        kwargs=lambda w, scope: {
            "job_id": {"in": w.job, "out": w.job, "other": w.other_job}[scope].pk
        },
        allowed={"in": ADMINISTRATORS, "out": ADMINISTRATORS, "other": set()},
        method="post",
        ok=302,
    ),
    # Public pages.
    "healthz": Case(public=True),
    "login": Case(public=True),
    "password_reset": Case(public=True),
    "password_reset_done": Case(public=True),
    "password_reset_complete": Case(public=True),
    "password_reset_confirm": Case(
        public=True, kwargs=lambda w, scope: {"uidb64": "MQ", "token": "not-a-real-token"}
    ),
    "logout": Case(public=True, method="post"),
    **matrix_schools_admin.CASES,
    **matrix_people_admin.CASES,
    **matrix_returns.CASES,
    **matrix_visits.CASES,
    **matrix_proforma.CASES,
    **matrix_isap.CASES,
    **matrix_isap_export.CASES,
    **matrix_isap_visit.CASES,
    **matrix_isap_lists.CASES,
}


def _walk(patterns: list[URLPattern | URLResolver], namespace: str = "") -> Iterator[str]:
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _walk(p.url_patterns, ns)
        elif p.name:
            yield f"{namespace}{p.name}"
        else:
            yield f"{namespace}<unnamed {p.pattern}>"


def project_url_names() -> set[str]:
    return {n for n in _walk(get_resolver().url_patterns) if not n.startswith("admin:")}


def admin_url_names() -> set[str]:
    return {n for n in _walk(get_resolver().url_patterns) if n.startswith("admin:")}


def test_every_url_is_in_the_matrix() -> None:
    names = project_url_names()
    missing = names - MATRIX.keys()
    stale = MATRIX.keys() - names
    assert not missing, f"URLs with no permission-matrix entry: {sorted(missing)}"
    assert not stale, f"Matrix entries for URLs that no longer exist: {sorted(stale)}"


def _client_for(world: World, actor: str) -> Client:
    client = Client()
    user = {
        "no_role": world.stranger,
        "superuser": world.superuser,
        "anonymous": None,
    }.get(actor, world.people.get(actor))
    if user is not None:
        client.force_login(user)
    return client


def _expected(case: Case, actor: str, scope: str) -> int:
    if case.public:
        return 200
    if actor == "anonymous":
        return 302
    if actor == "superuser":
        return case.superuser
    allowed = (case.allowed or {}).get(scope, set())
    if case.any_member:
        return case.ok
    if actor == "no_role":
        return case.denied
    return case.ok if Role(actor) in allowed else case.denied


def _matrix_rows() -> Iterator[tuple[str, str, str]]:
    for name, case in MATRIX.items():
        for scope in SCOPES if case.kwargs else ("in",):
            for actor in ACTORS:
                yield name, scope, actor


@pytest.fixture(scope="module")
def module_world(
    django_db_setup: None, django_db_blocker: pytest.FixtureRequest
) -> Iterator[World]:
    from django.db import connection, transaction

    from tests.conftest import build_world

    with django_db_blocker.unblock():
        # Built once for the module inside a transaction rolled back at the end, as Django's
        # TestCase.setUpTestData does (services' durable blocks may nest in it, as in a TestCase).
        atomic = transaction.atomic()
        atomic._from_testcase = True
        atomic.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            connection.close()


@pytest.mark.parametrize(("name", "scope", "actor"), list(_matrix_rows()))
def test_matrix(module_world: World, name: str, scope: str, actor: str) -> None:
    world = module_world
    case = MATRIX[name]
    url = reverse(name, kwargs=case.kwargs(world, scope) if case.kwargs else None)
    client = _client_for(world, actor)
    response = getattr(client, case.method)(url)
    expected = _expected(case, actor, scope)
    if name == "logout":
        assert response.status_code == 302
        return
    if name == "login" and actor != "anonymous":
        expected = 302  # signed-in people are sent on to their home page
    if expected == 302 and actor == "anonymous" and not case.public:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
        return
    assert response.status_code == expected, f"{actor} on {name} ({scope}): {url}"
    if response.status_code == 200 and not case.public:
        raw = b"".join(response.streaming_content) if response.streaming else response.content
        body = raw.decode(errors="replace")
        # Nothing of another trust ever reaches a page of this one.
        assert "Driftwood Primary" not in body
        assert "Harbour cluster" not in body


@pytest.mark.parametrize("actor", ACTORS)
def test_admin_is_for_platform_staff_only(module_world: World, actor: str) -> None:
    client = _client_for(module_world, actor)
    for name in sorted(admin_url_names()):
        if name in {"admin:login", "admin:logout", "admin:javascript-catalog"}:
            continue
        url = _admin_url(name)
        if url is None:
            continue
        response = client.get(url)
        if actor == "superuser":
            assert response.status_code in {200, 302, 403, 404}, f"{name}: {response.status_code}"
        else:
            assert response.status_code == 302, f"{actor} reached {name}"
            assert "/admin/login/" in response["Location"]


def _admin_url(name: str) -> str | None:
    from django.urls import NoReverseMatch

    unnamed = {
        "admin:<unnamed (?P<url>.*)$>": "/admin/no/such/page/",
        "admin:<unnamed <path:object_id>/>": "/admin/fht/trust/1/",
    }
    if name in unnamed:
        return unnamed[name]
    if name.endswith("_simple_history"):  # positional groups: object id, history id
        return reverse(name, args=["1", "1"])
    for kwargs in (
        {},
        {"object_id": "1"},
        {"id": "1"},
        {"object_id": "1", "history_id": "1"},
        {"app_label": "schools"},
        {"content_type_id": 1, "object_id": 1},
    ):
        try:
            return reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            continue
    return None


def test_every_admin_url_is_walked() -> None:
    unreached = {n for n in admin_url_names() if _admin_url(n) is None}
    assert not unreached, f"admin URLs the matrix cannot build: {sorted(unreached)}"


@pytest.mark.parametrize("actor", [*(r.value for r in Role), "no_role"])
def test_everyone_reads_their_own_person_page(module_world: World, actor: str) -> None:
    client = _client_for(module_world, actor)
    me = module_world.stranger if actor == "no_role" else module_world.people[actor]
    assert client.get(reverse("people:detail", kwargs={"person_id": me.pk})).status_code == 200
