"""The second half of the forms walked with hostile input (see test_hostile_forms.py)."""

import pytest

from tests.conftest import World
from tests.platform.test_hostile_forms import check, walk_half
from tests.platform.test_permission_matrix import module_world

pytestmark = pytest.mark.django_db

__all__ = ["module_world"]  # the world, built once for the file


def test_the_second_half_of_the_forms_refuse_or_safely_keep_hostile_input(
    module_world: World,
) -> None:
    check(walk_half(module_world, 2))
