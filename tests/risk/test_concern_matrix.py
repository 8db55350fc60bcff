"""The concern part's permission matrix (tests/risk/matrix_concern.py), walked here as the
project's matrix (tests/platform/test_permission_matrix.py) walks every URL."""

import pytest
from django.urls import reverse

from tests.conftest import World
from tests.matrix import ACTORS, SCOPES
from tests.platform.test_permission_matrix import _client_for, _expected, module_world
from tests.risk.matrix_concern import CASES

__all__ = ["module_world"]

pytestmark = pytest.mark.django_db

ROWS = [
    (name, scope, actor)
    for name, case in CASES.items()
    for scope in (SCOPES if case.kwargs else ("in",))
    for actor in ACTORS
]


@pytest.mark.parametrize(("name", "scope", "actor"), ROWS)
def test_concern_matrix(module_world: World, name: str, scope: str, actor: str) -> None:
    case = CASES[name]
    url = reverse(name, kwargs=case.kwargs(module_world, scope) if case.kwargs else None)
    response = getattr(_client_for(module_world, actor), case.method)(url)
    expected = _expected(case, actor, scope)
    if expected == 302 and actor == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
        return
    assert response.status_code == expected, f"{actor} on {name} ({scope}): {url}"
    if response.status_code == 200:
        body = response.content.decode()
        assert "Driftwood Primary" not in body and "Harbour cluster" not in body
