"""The concern demo (on the test world: s1, in category D, has a plan this year): one school at level 2, its level-1 steps done and 'shared with the chair'
still missing; running it again changes nothing."""

import pytest
from django_scopes import scope, scopes_disabled

from risk.demo.concern import build
from risk.models import CaseStep, ConcernCase, ConcernIsapLink, LevelDecision, StepKind
from risk.selectors.concern import missing_steps
from tests.conftest import World
from tests.platform.world import build_full_world

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, ...]:
    with scopes_disabled():
        return tuple(
            m.objects.count() for m in (ConcernCase, LevelDecision, CaseStep, ConcernIsapLink)
        )


def test_one_school_at_level_2_missing_the_chair(db: None) -> None:
    world: World = build_full_world()
    with scopes_disabled():
        world.s1.category = "D"
        world.s1.save()
    with scope(trust=world.trust.pk):
        build(world.trust)
        first = _counts()
        build(world.trust)
    assert _counts() == first == (1, 2, 1, 1)
    with scopes_disabled():
        case = ConcernCase.objects.get()
        assert case.school == world.s1 and case.level == 2 and case.is_open
        assert missing_steps(case) == [StepKind.SHARED_WITH_CHAIR, StepKind.CHAIR_LETTER_SENT]
