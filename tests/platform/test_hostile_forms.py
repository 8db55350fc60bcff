"""Every form of the product, found from its pages, walked with hostile input (tests/platform/walk.py).

The forms are shared between this file and test_hostile_forms_<n>.py by their position in the
sorted list, so pytest-xdist can run the parts side by side; each part writes its figures to
var/hostile-input-report.<part>.json and the run joins them into var/hostile-input-report.json.
"""

import time

import pytest

from tests.conftest import World
from tests.platform.hostile import discover
from tests.platform.test_permission_matrix import MATRIX, module_world
from tests.platform.walk import Walker

pytestmark = pytest.mark.django_db

__all__ = ["module_world"]

PARTS = 1


def walk_part(world: World, part: int) -> Walker:
    forms = discover(world, MATRIX)
    assert len(forms) >= 80, f"only {len(forms)} forms found: is discovery broken?"
    walker = Walker(world, MATRIX)
    for form in forms[part::PARTS]:
        t = time.time()
        before = walker.tally.submissions
        walker.walk(form)
        print(f"{time.time()-t:6.2f}s {walker.tally.submissions-before:4d} {form.label()}")
    walker.report(str(part))
    return walker


def test_every_form_refuses_or_safely_keeps_hostile_input(module_world: World) -> None:
    walker = walk_part(module_world, 0)
    print(walker.tally.as_dict())
    assert not walker.tally.problems, "\n".join(walker.tally.problems)
