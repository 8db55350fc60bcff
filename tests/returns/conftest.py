import pytest

from tests.conftest import World
from tests.returns.world import add_returns


@pytest.fixture
def world(world: World) -> World:
    """The shared world with its data returns (tests/returns/world.py)."""
    return add_returns(world)
