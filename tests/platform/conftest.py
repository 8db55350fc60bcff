import pytest

from tests.conftest import World
from tests.platform.world import build_full_world


@pytest.fixture
def world(db: None) -> World:
    """The whole world, every app's parts: the checks here run across apps."""
    return build_full_world()
