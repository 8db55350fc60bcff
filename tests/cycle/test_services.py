"""The meetings' services: who creates which meeting, decisions and actions, the review of earlier
actions (closed or carried to the next meeting), closing locks the record, and bad input refused
with a message by its field and nothing written."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scopes_disabled

from cycle.models import CycleAction, CycleActionReview, CycleMeeting, Decision, Kind
from cycle.selectors.meetings import open_earlier_actions
from cycle.services import meetings as services
from cycle.services.meetings import ActionData, MeetingData
from fht.roles import Role
from tests.conftest import World
from tests.cycle.world import earlier_action, meeting

pytestmark = pytest.mark.django_db

ON = dt.date(2027, 1, 12)


def _refused(error: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return error.value.message_dict


def test_the_ceo_creates_any_kind_with_its_usual_title(cworld: World) -> None:
    with scopes_disabled():
        made = services.meeting_create(
            trust=cworld.trust,
            data=MeetingData(Kind.GOVERNOR_HUB, ON, cworld.c2),
            acting_user=cworld.person(Role.CEO),
        )
        assert made.title == "South cluster: governor hub meeting"
        assert made.status == CycleMeeting.Status.OPEN and made.created_by is not None
        assert made.history.count() == 1  # type: ignore[attr-defined]


def test_a_director_creates_the_forum_and_their_own_hubs_meetings_only(cworld: World) -> None:
    director = cworld.person(Role.QA_DIRECTOR)
    with scopes_disabled():
        services.meeting_create(
            trust=cworld.trust, data=MeetingData(Kind.FORUM, ON, None), acting_user=director
        )
        services.meeting_create(
            trust=cworld.trust,
            data=MeetingData(Kind.HUB_HEADS, ON, cworld.c1),
            acting_user=director,
        )
        before = CycleMeeting.objects.count()
        for kind, cluster in ((Kind.HUB_HEADS, cworld.c2), (Kind.BOARD, None)):
            with pytest.raises(ValidationError) as error:
                services.meeting_create(
                    trust=cworld.trust, data=MeetingData(kind, ON, cluster), acting_user=director
                )
            assert _refused(error) == {"kind": ["You may not create this meeting."]}
        assert CycleMeeting.objects.count() == before


@pytest.mark.parametrize(
    ("kind", "cluster", "held_on", "title", "field"),
    [
        (Kind.HUB_HEADS, None, ON, "", "cluster"),  # a hub kind with no hub
        (Kind.BOARD, "c1", ON, "", "cluster"),  # a trust kind with a hub
        (Kind.HUB_HEADS, "b1", ON, "", "cluster"),  # another trust's hub
        (Kind.BOARD, None, dt.date(1900, 1, 1), "", "held_on"),
        (Kind.BOARD, None, dt.date(2099, 1, 1), "", "held_on"),
        (Kind.BOARD, None, ON, "x" * 201, "title"),
        ("tea_party", None, ON, "", "kind"),
    ],
)
def test_bad_meetings_are_refused_by_their_field(
    cworld: World, kind: str, cluster: str | None, held_on: dt.date, title: str, field: str
) -> None:
    with scopes_disabled():
        before = CycleMeeting.objects.count()
        with pytest.raises(ValidationError) as error:
            services.meeting_create(
                trust=cworld.trust,
                data=MeetingData(
                    kind, held_on, getattr(cworld, cluster) if cluster else None, title
                ),
                acting_user=cworld.person(Role.CEO),
            )
        assert field in _refused(error)
        assert CycleMeeting.objects.count() == before


def test_decisions_and_actions_are_recorded_and_bad_ones_refused(cworld: World) -> None:
    ceo = cworld.person(Role.CEO)
    with scopes_disabled():
        board = meeting("board")
        services.decision_add(meeting=board, text="  Approve the strategy.  ", acting_user=ceo)
        assert list(board.decisions.values_list("text", flat=True)) == ["Approve the strategy."]
        action = services.action_add(
            meeting=board,
            data=ActionData("Bring the attendance plan", ceo, board.held_on),
            acting_user=ceo,
        )
        assert action.is_open and action.raised_at == board
        bad = [
            (ActionData("", ceo, board.held_on), "what"),
            (ActionData("x" * 5001, ceo, board.held_on), "what"),
            (ActionData("Plan", cworld.other_ceo, board.held_on), "owner"),  # type: ignore[arg-type]
            (ActionData("Plan", ceo, board.held_on - dt.timedelta(days=1)), "due_on"),
            (ActionData("Plan", ceo, board.held_on + dt.timedelta(days=5000)), "due_on"),
        ]
        for data, field in bad:
            with pytest.raises(ValidationError) as error:
                services.action_add(meeting=board, data=data, acting_user=ceo)
            assert field in _refused(error)
        with pytest.raises(ValidationError) as error:
            services.decision_add(meeting=board, text=" \n ", acting_user=ceo)
        assert _refused(error) == {"text": ["Enter the decision."]}
        assert CycleAction.objects.filter(raised_at=board).count() == 1


def test_earlier_actions_are_reviewed_closed_or_carried_to_the_next_meeting(cworld: World) -> None:
    director = cworld.person(Role.QA_DIRECTOR)
    with scopes_disabled():
        north = meeting("in")
        action = earlier_action("in")
        # The open action of the earlier hub meeting waits on this one; not on another hub's.
        assert open_earlier_actions(meeting=north) == [action]
        assert action not in open_earlier_actions(meeting=meeting("out"))
        services.action_review_save(
            meeting=north,
            action=action,
            progress="Half done",
            outcome="carried",
            acting_user=director,
        )
        action.refresh_from_db()
        assert action.is_open
        later = services.meeting_create(
            trust=cworld.trust,
            data=MeetingData(Kind.HUB_HEADS, north.held_on + dt.timedelta(weeks=6), cworld.c1),
            acting_user=director,
        )
        assert open_earlier_actions(meeting=later) == [action]  # carried: back again
        review = services.action_review_save(
            meeting=north, action=action, progress="Done", outcome="closed", acting_user=director
        )
        action.refresh_from_db()
        assert review.outcome == "closed" and not action.is_open and action.closed_at == north
        assert CycleActionReview.objects.filter(action=action).count() == 1  # replaced
        assert open_earlier_actions(meeting=north) == [action]  # still listed where it closed
        assert open_earlier_actions(meeting=later) == []
        # Not an action of this kind and hub, or an empty progress or unknown outcome: refused.
        with pytest.raises(ValidationError):
            services.action_review_save(
                meeting=meeting("out"),
                action=action,
                progress="x",
                outcome="closed",
                acting_user=director,
            )
        for progress, outcome, field in (("", "closed", "progress"), ("x", "lost", "outcome")):
            with pytest.raises(ValidationError) as error:
                services.action_review_save(
                    meeting=north,
                    action=action,
                    progress=progress,
                    outcome=outcome,
                    acting_user=director,
                )
            assert field in _refused(error)


def test_closing_locks_the_record(cworld: World) -> None:
    ceo = cworld.person(Role.CEO)
    with scopes_disabled():
        board = meeting("board")
        closed = services.meeting_close(meeting=board, acting_user=ceo)
        assert closed.is_closed and closed.closed_by == ceo and closed.closed_at is not None
        with pytest.raises(services.MeetingLocked):
            services.decision_add(meeting=board, text="Too late", acting_user=ceo)
        with pytest.raises(services.MeetingLocked):
            services.action_add(
                meeting=board, data=ActionData("Late", ceo, board.held_on), acting_user=ceo
            )
        with pytest.raises(services.MeetingLocked):
            services.meeting_close(meeting=board, acting_user=ceo)
        north = meeting("in")
        services.meeting_close(meeting=north, acting_user=ceo)
        with pytest.raises(services.MeetingLocked):
            services.action_review_save(
                meeting=north,
                action=earlier_action("in"),
                progress="x",
                outcome="closed",
                acting_user=ceo,
            )
        assert not Decision.objects.filter(meeting=board).exists()


def test_the_pack_opening_is_one_row_a_person_keeping_the_first(cworld: World) -> None:
    with scopes_disabled():
        board = meeting("board")
        first = services.pack_opened(meeting=board, person=cworld.person(Role.TRUSTEE))
        again = services.pack_opened(meeting=board, person=cworld.person(Role.TRUSTEE))
        services.pack_opened(meeting=board, person=cworld.person(Role.CEO))
        assert again.pk == first.pk and again.times == 2
        assert again.first_opened_at == first.first_opened_at
        assert board.openings.count() == 2
