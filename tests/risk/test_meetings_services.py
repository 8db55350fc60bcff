"""The meeting's writes: one a half-term with a row per open school, saving a row with its version
check, actions carried until a review closes them, and closing (categories applied, evidence
frozen, the record locked, the visit cadence following)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scopes_disabled

from fht.roles import Role
from qa_visits.cadence import next_visit_due
from risk.models import ActionReview, CategoryDecision, Meeting, MeetingItem, RemedialAction
from risk.selectors.meetings import meeting_agenda
from risk.services.categories import category_set
from risk.services.meetings import (
    ActionData,
    ItemData,
    MeetingLocked,
    ReviewData,
    StaleEdit,
    current_meeting,
    meeting_close,
    meeting_for_half_term,
    meeting_item_save,
)
from schools.models import School
from tests.conftest import World
from tests.qa_visits.world import add_visit
from tests.risk.world_meetings import (
    closed_meeting_with_action,
    half_term,
    item_of,
    open_meeting,
)

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 7)


def _data(**changes: object) -> ItemData:
    values: dict[str, object] = {
        "proposed_category": "",
        "agreed_category": "",
        "category_reason": "",
        "discussion": "",
        "judgements": {},
    }
    values.update(changes)
    return ItemData(**values)  # type: ignore[arg-type]


def test_one_meeting_a_half_term_with_a_row_per_open_school(world: World) -> None:
    with scopes_disabled():
        School.objects.filter(pk=world.s2.pk).update(closed_on=dt.date(2026, 9, 1))
        first = current_meeting(trust=world.trust, today=TODAY)
        again = current_meeting(trust=world.trust, today=TODAY)
        assert first is not None and again is not None
        assert first.pk == again.pk
        assert first.half_term.name == "autumn_2"
        schools = set(MeetingItem.objects.filter(meeting=first).values_list("school", flat=True))
        assert Meeting.objects.filter(trust=world.trust).count() == 1
    assert schools == {world.s1.pk, world.s3.pk}  # not the closed s2, nor trust B's sb


def test_two_edits_of_the_same_school_never_silently_overwrite(world: World) -> None:
    ceo, director = world.person(Role.CEO), world.person(Role.QA_DIRECTOR)
    meeting = open_meeting(world)
    mine, theirs = item_of(meeting, world.s1.pk), item_of(meeting, world.s1.pk)
    other_school = item_of(meeting, world.s3.pk)
    with scopes_disabled():
        meeting_item_save(
            item=mine, version=1, data=_data(discussion="CEO's notes"), acting_user=ceo
        )
        with pytest.raises(StaleEdit):
            meeting_item_save(
                item=theirs,
                version=1,
                data=_data(discussion="Director's notes"),
                acting_user=director,
            )
        # Another school of the same meeting is edited freely at the same time.
        meeting_item_save(
            item=other_school, version=1, data=_data(proposed_category="C"), acting_user=director
        )
        saved = MeetingItem.objects.get(pk=mine.pk)
    assert saved.discussion == "CEO's notes" and saved.version == 2


def test_a_bad_row_writes_nothing(world: World) -> None:
    meeting = open_meeting(world)
    item = item_of(meeting, world.s1.pk)
    with scopes_disabled():
        with pytest.raises(ValidationError) as raised:
            meeting_item_save(
                item=item,
                version=1,
                data=_data(agreed_category="C", judgements={"ofsted": ("high", "RI")}),
                acting_user=world.person(Role.CEO),
            )
        assert "category_reason" in raised.value.message_dict
        with pytest.raises(ValidationError):
            meeting_item_save(
                item=item,
                version=1,
                data=_data(judgements={"ofsted": ("dreadful", "")}),
                acting_user=world.person(Role.CEO),
            )
        stored = MeetingItem.objects.get(pk=item.pk)
        assert stored.version == 1 and not stored.judgements.exists()


def test_an_action_for_someone_of_another_trust_is_refused(world: World) -> None:
    meeting = open_meeting(world)
    item = item_of(meeting, world.s1.pk)
    assert world.other_ceo is not None
    with scopes_disabled():
        with pytest.raises(ValidationError) as raised:
            meeting_item_save(
                item=item,
                version=1,
                data=_data(discussion="x"),
                new_action=ActionData(what="Audit", owner=world.other_ceo, due_on=TODAY),
                acting_user=world.person(Role.CEO),
            )
        assert "action_owner" in raised.value.message_dict
        assert MeetingItem.objects.get(pk=item.pk).version == 1  # all or nothing
        assert not RemedialAction.objects.exists()


def test_open_actions_carry_forward_until_a_review_closes_them(world: World) -> None:
    _earlier, action = closed_meeting_with_action(world)
    ceo = world.person(Role.CEO)
    meeting = open_meeting(world)
    with scopes_disabled():
        rows = {r.school.pk: r for r in meeting_agenda(meeting=meeting, user=ceo, today=TODAY)}
        assert [a["what"] for a in rows[world.s1.pk].earlier_actions] == [action.what]
        assert rows[world.s3.pk].earlier_actions == []
        item = item_of(meeting, world.s1.pk)
        meeting_item_save(
            item=item,
            version=1,
            data=_data(),
            reviews=(ReviewData(action=action, progress="Audit half done.", outcome="carried"),),
            acting_user=ceo,
        )
        meeting_close(meeting=meeting, acting_user=ceo, held_on=TODAY)
        # Still open: it waits on the next half-term's agenda.
        spring = meeting_for_half_term(trust=world.trust, half_term=half_term(world.trust, 3))
        rows = {r.school.pk: r for r in meeting_agenda(meeting=spring, user=ceo, today=TODAY)}
        assert [a["what"] for a in rows[world.s1.pk].earlier_actions] == [action.what]
        item = item_of(spring, world.s1.pk)
        meeting_item_save(
            item=item,
            version=1,
            data=_data(),
            reviews=(ReviewData(action=action, progress="Done.", outcome="closed"),),
            acting_user=ceo,
        )
        meeting_close(meeting=spring, acting_user=ceo, held_on=dt.date(2027, 1, 20))
        summer = meeting_for_half_term(trust=world.trust, half_term=half_term(world.trust, 5))
        rows = {r.school.pk: r for r in meeting_agenda(meeting=summer, user=ceo, today=TODAY)}
        action.refresh_from_db()
        assert action.status == "closed" and action.closed_at_id == spring.pk
        assert ActionReview.objects.filter(action=action).count() == 2
    assert rows[world.s1.pk].earlier_actions == []


def test_closing_applies_categories_freezes_evidence_and_locks(world: World) -> None:
    ceo = world.person(Role.CEO)
    director = world.person(Role.QA_DIRECTOR)
    assert world.year is not None
    with scopes_disabled():
        category_set(
            school=world.s1,
            category="B",
            decided_on=dt.date(2025, 9, 1),
            reason="DD",
            acting_user=None,
        )
        add_visit(world.s1, world.year, director, on=dt.date(2026, 11, 23))
        meeting = open_meeting(world)
        item = item_of(meeting, world.s1.pk)
        meeting_item_save(
            item=item,
            version=1,
            data=_data(
                proposed_category="C", agreed_category="C", category_reason="Leadership gaps."
            ),
            acting_user=ceo,
        )
        meeting_close(meeting=meeting, acting_user=ceo, held_on=TODAY)
        school = School.objects.get(pk=world.s1.pk)
        decision = CategoryDecision.objects.filter(school=school).first()
        item.refresh_from_db()
        frozen = item.evidence
        # The category moves, so the cadence does: C is every 4 weeks after the last visit.
        due = next_visit_due(
            trust=school.trust,
            last_visited_on=dt.date(2026, 11, 23),
            today=TODAY,
            category=school.category,
        )
        # Later changes do not reach the closed record.
        add_visit(world.s1, world.year, director, on=dt.date(2026, 12, 1))
        rows = {r.school.pk: r for r in meeting_agenda(meeting=meeting, user=ceo, today=TODAY)}
        with pytest.raises(MeetingLocked):
            meeting_item_save(item=item, version=2, data=_data(discussion="late"), acting_user=ceo)
        with pytest.raises(MeetingLocked):
            meeting_close(meeting=meeting, acting_user=ceo)
    assert school.category == "C"
    assert decision is not None and decision.meeting_id == meeting.pk
    assert decision.source == "meeting" and decision.previous_category == "B"
    assert item.category_before == "B"
    assert due == dt.date(2026, 12, 21)
    assert frozen is not None and frozen["visit"]["last_on"] == "23 November 2026"
    assert rows[world.s1.pk].evidence["visit"]["last_on"] == "23 November 2026"
    assert meeting.is_closed and meeting.held_on == TODAY


def test_a_review_of_another_schools_action_is_refused(world: World) -> None:
    _earlier, action = closed_meeting_with_action(world)  # raised at s1
    meeting = open_meeting(world)
    with scopes_disabled():
        with pytest.raises(ValidationError):
            meeting_item_save(
                item=item_of(meeting, world.s3.pk),
                version=1,
                data=_data(),
                reviews=(ReviewData(action=action, progress="Done.", outcome="closed"),),
                acting_user=world.person(Role.CEO),
            )
        action.refresh_from_db()
        assert action.status == "open" and not ActionReview.objects.exists()
