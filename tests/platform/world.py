"""The whole test world: the shared base (tests/conftest.py) with every app's parts added, as the
permission matrix and the other checks across apps need it."""

from tests.conftest import World, build_world
from tests.cycle.world import add_meetings
from tests.isap.world import add_plans
from tests.qa_visits.world import add_visits
from tests.returns.world import add_returns
from tests.reviews.world import add_reviews


def build_full_world() -> World:
    return add_meetings(add_reviews(add_plans(add_visits(add_returns(build_world())))))
