import pytest

from tests.conftest import World
from tests.platform.world import build_full_world


@pytest.fixture
def world(db: None) -> World:
    """The whole world: the action plans (tests/isap/world.py) with the returns and visits that
    the plan pages show beside them."""
    return build_full_world()
