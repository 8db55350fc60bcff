"""Every form of the product, found from its pages, walked with hostile input through the real
views (tests/platform/hostile.py finds the forms and makes the input, tests/platform/walk.py submits
it and checks each answer).

The forms are shared between this file and test_hostile_forms_2.py by their place in the sorted list,
so pytest-xdist runs the halves side by side. Each half writes its figures to
var/hostile-input-report.<half>.json; the run joins them into var/hostile-input-report.json.
"""

import pytest

from tests.conftest import World
from tests.platform.hostile import discover
from tests.platform.test_permission_matrix import MATRIX, module_world
from tests.platform.walk import Walker

pytestmark = pytest.mark.django_db

__all__ = ["module_world"]  # the world, built once for the file

HALVES = 2
# Floors, so that discovery or the walk quietly finding less fails (94 forms and about 1,100
# submissions when this was written).
FORMS_FOUND = 85
SUBMISSIONS_PER_HALF = 400


def walk_half(world: World, half: int) -> Walker:
    forms = discover(world, MATRIX)
    assert len(forms) >= FORMS_FOUND, f"only {len(forms)} forms found: is discovery broken?"
    walker = Walker(world, MATRIX)
    for form in forms[half - 1 :: HALVES]:
        walker.walk(form)
    walker.report(f"{half}-of-{HALVES}")
    return walker


def check(walker: Walker) -> None:
    tally = walker.tally
    assert not tally.problems, f"{len(tally.problems)} problems:\n" + "\n".join(tally.problems)
    assert tally.submissions >= SUBMISSIONS_PER_HALF, tally.as_dict()
    assert tally.refused > tally.submissions / 2, tally.as_dict()


def test_the_first_half_of_the_forms_refuse_or_safely_keep_hostile_input(
    module_world: World,
) -> None:
    check(walk_half(module_world, 1))
