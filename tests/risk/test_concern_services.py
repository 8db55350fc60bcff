"""The procedure's rules: levels and the steps each requires, stepping up and back with reasons,
'ISAP amended' met by a linked priority, one open case per school, stale versions refused."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_scopes import scopes_disabled

from fht.roles import Role
from isap.models import Action, Source
from risk.models import CaseStep, ConcernCase, ConcernLetter, LevelDecision, StepKind
from risk.selectors.concern import missing_steps, open_levels, required_steps
from risk.services.concern import (
    CaseChanged,
    concern_case_close,
    concern_case_open,
    concern_isap_link,
    concern_level_set,
    concern_step_record,
)
from tests.conftest import World
from tests.risk.concern_world import concern_priority, open_case, opened_on

pytestmark = pytest.mark.django_db
S = StepKind


def _today() -> dt.date:
    return timezone.localdate()


def test_each_level_requires_its_steps_and_those_below() -> None:
    assert required_steps(1) == [S.CAUSES_DISCUSSED, S.ISAP_AMENDED]
    assert required_steps(2) == [*required_steps(1), S.SHARED_WITH_CHAIR, S.CHAIR_LETTER_SENT]
    assert required_steps(3) == [*required_steps(2), S.LGB_LETTER_SENT]
    assert required_steps(4) == [*required_steps(3), S.ACTION_TAKEN]


def test_opening_records_the_first_decision_and_the_missing_steps(world: World) -> None:
    case = open_case(world.s1, level=1)
    with scopes_disabled():
        decision = LevelDecision.objects.get(case=case)
        assert (decision.from_level, decision.to_level) == (None, 1)
        assert decision.decided_by == world.person(Role.CEO)
        assert missing_steps(case) == [S.CAUSES_DISCUSSED, S.ISAP_AMENDED]
        concern_step_record(
            case=case,
            kind=S.CAUSES_DISCUSSED,
            done_on=_today(),
            note="Met the head.",
            acting_user=world.person(Role.QA_DIRECTOR),
        )
        assert missing_steps(case) == [S.ISAP_AMENDED]


def test_isap_amended_is_met_by_a_linked_priority_whose_source_is_the_case(world: World) -> None:
    case = open_case(world.s1)
    priority = concern_priority(world)
    ceo = world.person(Role.CEO)
    with scopes_disabled():
        concern_isap_link(case=case, priority=priority, action=None, acting_user=ceo)
        assert S.ISAP_AMENDED not in missing_steps(case)
        # The source changed afterwards: the amendment no longer counts.
        priority.source = Source.QA_VISIT
        priority.save()
        assert S.ISAP_AMENDED in missing_steps(case)


def test_a_priority_of_another_source_school_or_trust_cannot_be_linked(world: World) -> None:
    case = open_case(world.s1)
    ceo = world.person(Role.CEO)
    elsewhere = concern_priority(world, world.s3)
    other_trust = concern_priority(world, world.sb)
    with scopes_disabled():
        wrong_source = concern_priority(world)
        wrong_source.source = Source.OFSTED
        wrong_source.save()
        for priority in (elsewhere, other_trust, wrong_source):
            with pytest.raises(ValidationError) as raised:
                concern_isap_link(case=case, priority=priority, action=None, acting_user=ceo)
            assert "priority" in raised.value.message_dict
        stray = Action.objects.filter(priority__plan__school=world.s3).first()
        right = concern_priority(world)
        action = Action.objects.create(
            trust=world.trust,
            priority=elsewhere,
            what="Elsewhere",
            owner_role="Head",
            starts_on=_today(),
            due_on=_today(),
        )
        for bad in (action, stray):
            if bad is None:
                continue
            with pytest.raises(ValidationError):
                concern_isap_link(case=case, priority=right, action=bad, acting_user=ceo)
        assert not case.isap_links.exists()


def test_stepping_up_and_back_needs_a_reason_and_keeps_each_decision(world: World) -> None:
    case = open_case(world.s1)
    ceo = world.person(Role.CEO)
    with scopes_disabled():
        with pytest.raises(ValidationError) as raised:
            concern_level_set(
                case=case, to_level=2, reason="  ", decided_on=_today(), version=1, acting_user=ceo
            )
        assert "reason" in raised.value.message_dict
        concern_level_set(
            case=case,
            to_level=2,
            reason="No progress.",
            decided_on=_today(),
            version=1,
            acting_user=ceo,
        )
        assert case.level == 2 and case.version == 2
        assert missing_steps(case)[-2:] == [S.SHARED_WITH_CHAIR, S.CHAIR_LETTER_SENT]
        concern_level_set(
            case=case,
            to_level=1,
            reason="Reading improving.",
            decided_on=_today(),
            version=2,
            acting_user=ceo,
        )
        decisions = list(case.decisions.all())
    moves = [(d.from_level, d.to_level, d.reason) for d in decisions]
    assert moves[1:] == [(1, 2, "No progress."), (2, 1, "Reading improving.")]
    assert [d.what for d in decisions] == [
        "Case opened at level 1",
        "Stepped up from level 1 to level 2",
        "Stepped back from level 2 to level 1",
    ]


@pytest.mark.parametrize(
    ("to_level", "reason", "decided_on", "field"),
    [
        (5, "Why", 0, "to_level"),
        (0, "Why", 0, "to_level"),
        (1, "Why", 0, "to_level"),
        (2, "", 0, "reason"),
        (2, "x" * 5001, 0, "reason"),
        (2, "Why", 1, "decided_on"),
        (2, "Why", -400, "decided_on"),
    ],
)
def test_bad_level_decisions_write_nothing(
    world: World, to_level: int, reason: str, decided_on: int, field: str
) -> None:
    case = open_case(world.s1)
    with scopes_disabled(), pytest.raises(ValidationError) as raised:
        concern_level_set(
            case=case,
            to_level=to_level,
            reason=reason,
            decided_on=_today() + dt.timedelta(days=decided_on),
            version=1,
            acting_user=world.person(Role.CEO),
        )
    assert field in raised.value.message_dict
    with scopes_disabled():
        assert ConcernCase.objects.get(pk=case.pk).level == 1
        assert LevelDecision.objects.filter(case=case).count() == 1


def test_a_stale_version_is_refused(world: World) -> None:
    case = open_case(world.s1)
    ceo = world.person(Role.CEO)
    with scopes_disabled():
        stale = ConcernCase.objects.get(pk=case.pk)
        concern_level_set(
            case=case,
            to_level=3,
            reason="Worse.",
            decided_on=_today(),
            version=1,
            acting_user=ceo,
        )
        with pytest.raises(CaseChanged):
            concern_level_set(
                case=stale,
                to_level=2,
                reason="Mine.",
                decided_on=_today(),
                version=1,
                acting_user=ceo,
            )
        with pytest.raises(CaseChanged):
            concern_case_close(
                case=stale, reason="Better.", closed_on=_today(), version=None, acting_user=ceo
            )
        assert ConcernCase.objects.get(pk=case.pk).level == 3


def test_one_open_case_per_school_and_a_new_one_after_closing(world: World) -> None:
    case = open_case(world.s1)
    ceo = world.person(Role.CEO)
    with scopes_disabled():
        with pytest.raises(ValidationError) as raised:
            concern_case_open(
                school=world.s1,
                level=1,
                reason="Again",
                opened_on=_today(),
                issues="",
                acting_user=ceo,
            )
        assert "school" in raised.value.message_dict
        concern_case_close(
            case=case, reason="Good progress.", closed_on=_today(), version=1, acting_user=ceo
        )
        assert missing_steps(case) == []
        again = concern_case_open(
            school=world.s1,
            level=2,
            reason="Again",
            opened_on=_today(),
            issues="",
            acting_user=ceo,
        )
        assert again.level == 2
        with pytest.raises(ValidationError):
            concern_step_record(
                case=case,
                kind=S.CAUSES_DISCUSSED,
                done_on=_today(),
                note="Late",
                acting_user=ceo,
            )


def test_opening_at_another_trusts_school_is_refused(world: World) -> None:
    with scopes_disabled():
        with pytest.raises(ValidationError):
            concern_case_open(
                school=world.sb,
                level=1,
                reason="Why",
                opened_on=_today(),
                issues="",
                acting_user=world.person(Role.CEO),
            )
        assert not ConcernCase.objects.exists()


def test_steps_of_a_higher_level_and_unsent_letters_are_refused(world: World) -> None:
    case = open_case(world.s1, level=2)
    ceo = world.person(Role.CEO)
    with scopes_disabled():
        for kind in (S.LGB_LETTER_SENT, S.ACTION_TAKEN, S.ISAP_AMENDED, "nonsense"):
            with pytest.raises(ValidationError):
                concern_step_record(
                    case=case, kind=kind, done_on=_today(), note="x", acting_user=ceo
                )
        with pytest.raises(ValidationError) as raised:
            concern_step_record(
                case=case,
                kind=S.CHAIR_LETTER_SENT,
                done_on=_today(),
                note="Posted",
                acting_user=ceo,
            )
        assert "Make the letter" in str(raised.value)
        ConcernLetter.objects.create(
            trust=world.trust, case=case, kind="chair", rendered_at=timezone.now()
        )
        concern_step_record(
            case=case,
            kind=S.CHAIR_LETTER_SENT,
            done_on=_today(),
            note="Posted",
            acting_user=ceo,
        )
        with pytest.raises(ValidationError):
            concern_step_record(
                case=case,
                kind=S.SHARED_WITH_CHAIR,
                done_on=opened_on() - dt.timedelta(days=1),
                note="Before the case",
                acting_user=ceo,
            )
        assert CaseStep.objects.filter(case=case).count() == 1


def test_open_levels_is_one_query(world: World, django_assert_num_queries: object) -> None:
    open_case(world.s1, level=2)
    open_case(world.s3, level=4)
    ids = [world.s1.pk, world.s2.pk, world.s3.pk]
    with scopes_disabled(), django_assert_num_queries(1):  # type: ignore[operator]
        levels = open_levels(ids)
    assert levels == {world.s1.pk: 2, world.s3.pk: 4}


def test_a_decision_cannot_be_dated_before_the_last_one(world: World) -> None:
    case = open_case(world.s1)
    ceo = world.person(Role.CEO)
    with scopes_disabled():
        concern_level_set(
            case=case,
            to_level=2,
            reason="Worse.",
            decided_on=_today(),
            version=1,
            acting_user=ceo,
        )
        with pytest.raises(ValidationError) as raised:
            concern_level_set(
                case=case,
                to_level=1,
                reason="Better.",
                decided_on=_today() - dt.timedelta(days=1),
                version=2,
                acting_user=ceo,
            )
        assert "decided_on" in raised.value.message_dict
        assert ConcernCase.objects.get(pk=case.pk).level == 2
