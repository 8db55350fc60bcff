"""The history of a meeting's record (django-simple-history): created, decisions and actions
recorded, actions reviewed, closed; who did it and when, newest first (four queries)."""

from typing import Any

from cycle.models import CycleAction, CycleActionReview, CycleMeeting, Decision
from schools.selectors import Change, history_who

LIMIT = 50


def _clip(text: str, size: int = 80) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def _meeting_lines(meeting: CycleMeeting) -> list[Change]:
    rows: Any = meeting.history.select_related("history_user").order_by("history_id")
    lines, status = [], None
    for row in rows:
        if row.history_type == "+":
            lines.append(Change(row.history_date, history_who(row), "Meeting added"))
        elif row.status != status and row.status == CycleMeeting.Status.CLOSED:
            lines.append(Change(row.history_date, history_who(row), "Meeting closed"))
        status = row.status
    return lines


def _created(model: Any, what: Any, **filters: Any) -> list[Change]:
    rows = model.history.filter(history_type="+", **filters).select_related("history_user")
    return [Change(row.history_date, history_who(row), what(row)) for row in rows]


def meeting_history(*, meeting: CycleMeeting, limit: int = LIMIT) -> list[Change]:
    lines = [
        *_meeting_lines(meeting),
        *_created(Decision, lambda r: f"Decision recorded: {_clip(r.text)}", meeting_id=meeting.pk),
        *_created(
            CycleAction,
            lambda r: f"Action recorded: {_clip(r.what)}, due {r.due_on:%-d %B %Y}",
            raised_at_id=meeting.pk,
        ),
        *[
            Change(
                row.history_date,
                history_who(row),
                f"Action reviewed: {CycleActionReview.Outcome(row.outcome).label.lower()}",
            )
            for row in CycleActionReview.history.filter(meeting_id=meeting.pk).select_related(
                "history_user"
            )
        ],
    ]
    return sorted(lines, key=lambda c: c.when, reverse=True)[:limit]
