"""Every URL of the project, for every role, against objects in scope, out of scope in the same trust,
and in another trust. A URL added without an entry here fails `test_every_url_is_in_the_matrix`.

The expectations are written out by hand (not derived from fht.roles), so a change to the role table
that widens access shows up here as a failure.
"""

import importlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from fht.roles import Role
from tests.accounts.helpers import verified
from tests.conftest import World
from tests.matrix import ACTORS, SCOPES, Case
from tests.platform.world import build_full_world

pytestmark = pytest.mark.django_db

TESTS = Path(__file__).resolve().parents[1]


def matrix_modules() -> list[str]:
    """Every app folder's matrix modules: tests/<app>/matrix.py and tests/<app>/matrix_*.py."""
    return sorted(
        f"tests.{path.parent.name}.{path.stem}"
        for path in TESTS.glob("*/matrix*.py")
        if (path.parent / "__init__.py").exists()
    )


def collect_cases(modules: list[str]) -> dict[str, Case]:
    cases: dict[str, Case] = {}
    for name in modules:
        module_cases: dict[str, Case] = importlib.import_module(name).CASES
        twice = cases.keys() & module_cases.keys()
        assert not twice, f"{name} repeats matrix entries: {sorted(twice)}"
        cases.update(module_cases)
    return cases


MATRIX: dict[str, Case] = collect_cases(matrix_modules())
# The app folder whose matrix module lists each URL.
CASE_APP: dict[str, str] = {
    name: module.split(".")[1]
    for module in matrix_modules()
    for name in importlib.import_module(module).CASES
}
# The matrix runs in four test files, one group of apps each, so pytest-xdist (which keeps a file
# in one process) can share its thousands of requests between processes: this file runs "core";
# test_permission_matrix_<group>.py the others.
GROUPS: dict[str, set[str]] = {
    "core": {"fht", "schools", "people", "returns", "feed", "imports", "audit", "accounts"},
    "qa": {"qa_visits", "isap"},
    "risk": {"risk"},
    "reviews": {"reviews"},
    "dashboards": {"dashboards"},
    "cycle": {"cycle"},
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


def test_every_app_folder_brings_its_matrix() -> None:
    folders = {name.split(".")[1] for name in matrix_modules()}
    assert folders == {
        "fht",
        "schools",
        "people",
        "returns",
        "qa_visits",
        "isap",
        "risk",
        "reviews",
        "dashboards",
        "cycle",
        "feed",
        "imports",
        "audit",
        "accounts",
    }


def test_every_app_folder_is_in_one_group_and_every_group_has_its_file() -> None:
    grouped = [app for apps in GROUPS.values() for app in apps]
    assert sorted(grouped) == sorted(set(CASE_APP.values()))
    here = Path(__file__).parent
    for group in GROUPS.keys() - {"core"}:
        assert (here / f"test_permission_matrix_{group}.py").exists(), group


def urls_with_no_entry(cases: dict[str, Case]) -> set[str]:
    return project_url_names() - cases.keys()


def test_a_url_with_no_entry_is_caught() -> None:
    without_home = {k: v for k, v in MATRIX.items() if k != "home"}
    assert urls_with_no_entry(without_home) == {"home"}


def test_every_url_is_in_the_matrix() -> None:
    names = project_url_names()
    missing = urls_with_no_entry(MATRIX)
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
    if actor == "superuser":
        # Platform staff reach the Django admin only with a second factor.
        return verified(client, world.superuser)
    if user is not None:
        client.force_login(user)
    return client


def _expected(case: Case, actor: str, scope: str) -> int:
    if case.public:
        return 200
    if actor == "anonymous":
        return case.anonymous
    if actor == "superuser":
        return case.superuser
    allowed = (case.allowed or {}).get(scope, set())
    if case.any_member:
        return case.ok
    if actor == "no_role":
        return case.denied
    return case.ok if Role(actor) in allowed else case.denied


def matrix_rows(group: str) -> list[tuple[str, str, str]]:
    """The (URL name, scope, actor) rows of one group's apps."""
    return [row for row in _matrix_rows() if CASE_APP[row[0]] in GROUPS[group]]


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

    with django_db_blocker.unblock():
        # Built once for the module inside a transaction rolled back at the end, as Django's
        # TestCase.setUpTestData does (services' durable blocks may nest in it, as in a TestCase).
        atomic = transaction.atomic()
        atomic._from_testcase = True
        atomic.__enter__()
        try:
            yield build_full_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            connection.close()


@pytest.mark.parametrize(("name", "scope", "actor"), matrix_rows("core"))
def test_matrix(module_world: World, name: str, scope: str, actor: str) -> None:
    check_matrix(module_world, name, scope, actor)


def check_matrix(world: World, name: str, scope: str, actor: str) -> None:
    """One URL requested by one actor against one scope's object: the status the matrix expects,
    and nothing of the other trust on a page."""
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
