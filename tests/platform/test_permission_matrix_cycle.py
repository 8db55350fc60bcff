"""The permission matrix of the meetings of the cycle (see test_permission_matrix.py, which runs the core apps'
and checks that every URL has an entry): its own file, so pytest-xdist can run it beside the rest."""

import pytest

from tests.conftest import World
from tests.platform.test_permission_matrix import check_matrix, matrix_rows, module_world

pytestmark = pytest.mark.django_db

__all__ = ["module_world"]  # the world the requests are made against, built once for this file


@pytest.mark.parametrize(("name", "scope", "actor"), matrix_rows("cycle"))
def test_matrix(module_world: World, name: str, scope: str, actor: str) -> None:
    check_matrix(module_world, name, scope, actor)
