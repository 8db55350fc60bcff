import pytest

from tests.conftest import World
from tests.qa_visits.world import add_visits
from tests.returns.world import add_returns


@pytest.fixture
def world(world: World) -> World:
    """The shared world with its data returns and QA visits (tests/qa_visits/world.py)."""
    return add_visits(add_returns(world))
