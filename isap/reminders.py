"""The reminder emails to the people responsible for actions: when an open action falls due within
7 days, and when it becomes overdue (a daily Celery beat job, isap/tasks.py).

Each (action, person, kind, due date) is told once: an `ActionReminder` row says it was. Each
person gets at most one email a day: a `ReminderEmail` row (unique on person and day) holds it,
with everything pending for them at that moment; what falls due later that day waits for
tomorrow's email. Both rows are written before the email is sent, and the email goes only once
they are committed, so running the job twice, even at the same time, never sends anything twice.
"""

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string

from fht.models import User
from fht.roles import SchoolPerm
from isap.models import Action, ActionReminder, ReminderEmail
from qa_visits.selectors import school_heads
from schools.models import School, SchoolUserObjectPermission

logger = logging.getLogger(__name__)

DUE_SOON_DAYS = 7
Kind = ActionReminder.Kind


def action_path(action_id: int) -> str:
    """The path of the action's page (`isap_action` in isap/urls.py)."""
    return f"/actions/{action_id}/"


@dataclass(frozen=True)
class Reminder:
    """One thing to tell one person: `as_head` when the action names no one who can be emailed
    (a role, an owner whose account is closed, or one who may no longer read the school's plan),
    so it goes to the school's head(s)."""

    action: Action
    person: User
    kind: str
    as_head: bool

    @property
    def key(self) -> tuple[int, int, str, dt.date]:
        return (self.action.pk, self.person.pk, self.kind, self.action.due_on)

    @property
    def overdue(self) -> bool:
        return self.kind == Kind.OVERDUE

    @property
    def overdue_since(self) -> dt.date:
        return self.action.due_on + dt.timedelta(days=1)

    @property
    def school(self) -> School:
        return self.action.priority.plan.school

    @property
    def link(self) -> str:
        return settings.FHT_SITE_URL.rstrip("/") + action_path(self.action.pk)


def _due_actions(*, trust_id: int, today: dt.date) -> list[Action]:
    """Open actions of open schools' plans, due within 7 days or overdue. An action carried
    forward into a newer plan is told there, not twice."""
    return list(
        Action.objects.filter(
            trust_id=trust_id,
            status__in=Action.OPEN_STATUSES,
            due_on__lte=today + dt.timedelta(days=DUE_SOON_DAYS),
            priority__plan__school__closed_on__isnull=True,
            carried_to__isnull=True,
        )
        .select_related("priority__plan__school", "owner")
        .order_by("due_on", "pk")
    )


def _kind(action: Action, today: dt.date) -> str:
    return Kind.OVERDUE if action.due_on < today else Kind.DUE_SOON


def _readers(actions: list[Action]) -> set[tuple[int, int]]:
    """(person, school) pairs where an owner of these actions may read the school's plan (one
    query): someone who has left the school is not sent its actions."""
    owners = {a.owner_id for a in actions if a.owner_id is not None}
    schools = {a.priority.plan.school_id for a in actions}
    return set(
        SchoolUserObjectPermission.objects.filter(
            user_id__in=owners,
            content_object_id__in=schools,
            permission__codename=SchoolPerm.VIEW_IMPROVEMENT,
        ).values_list("user_id", "content_object_id")
    )


def _reminders(*, trust_id: int, actions: list[Action], today: dt.date) -> list[Reminder]:
    heads: dict[int, list[User]] = {}
    readers = _readers(actions)
    found = []
    for action in actions:
        owner = action.owner
        reads = owner is not None and (owner.pk, action.priority.plan.school_id) in readers
        if owner is not None and reads and owner.is_active and owner.trust_id == trust_id:
            people, as_head = [owner], False
        else:
            school = action.priority.plan.school
            if school.pk not in heads:
                heads[school.pk] = school_heads(school=school)
            people, as_head = heads[school.pk], True
            if not people:
                logger.warning("Action %s is due and its school has no head to tell.", action.pk)
        kind = _kind(action, today)
        found += [Reminder(action, person, kind, as_head) for person in people]
    return found


def _told(*, actions: list[Action]) -> set[tuple[int, int, str, dt.date]]:
    rows = ActionReminder.objects.filter(action__in=[a.pk for a in actions]).values_list(
        "action_id", "person_id", "kind", "due_on"
    )
    return set(rows)


def _message(*, person: User, reminders: list[Reminder], today: dt.date) -> EmailMessage:
    ordered = sorted(reminders, key=lambda r: (not r.overdue, r.action.due_on, r.action.pk))
    context = {
        "person": person,
        "count": len(ordered),
        "schools": len({r.school.pk for r in ordered}),
        "overdue": [r for r in ordered if r.overdue],
        "due_soon": [r for r in ordered if not r.overdue],
        "any_as_head": any(r.as_head for r in ordered),
        "days": DUE_SOON_DAYS,
        "today": today,
    }
    subject = "".join(render_to_string("isap/email/reminder_subject.txt", context).splitlines())
    body = render_to_string("isap/email/reminder_body.txt", context)
    return EmailMessage(subject, body, to=[person.email])


def _send(message: EmailMessage, *, email_id: int) -> None:
    """At most once: a failed send is logged and not tried again (the rows say it was sent)."""
    try:
        message.send()
    except Exception:
        logger.exception("Reminder email %s to %s could not be sent.", email_id, message.to)


def _email_person(
    *, trust_id: int, person: User, reminders: list[Reminder], today: dt.date
) -> bool:
    """Take the person's email of the day and mark its reminders told, then send it on commit.
    False if another run already has today's email for them (what is left waits for tomorrow)."""
    try:
        with transaction.atomic(durable=True):
            email = ReminderEmail.objects.create(
                trust_id=trust_id, person=person, sent_on=today, actions=len(reminders)
            )
            ActionReminder.objects.bulk_create(
                ActionReminder(
                    trust_id=trust_id,
                    action=r.action,
                    person=person,
                    kind=r.kind,
                    due_on=r.action.due_on,
                    email=email,
                )
                for r in reminders
            )
            message = _message(person=person, reminders=reminders, today=today)
            transaction.on_commit(partial(_send, message, email_id=email.pk), robust=True)
    except IntegrityError:
        logger.info("Reminders for person %s on %s: another run has them.", person.pk, today)
        return False
    return True


def _by_person(reminders: Iterable[Reminder]) -> dict[User, list[Reminder]]:
    grouped: dict[User, list[Reminder]] = defaultdict(list)
    for r in reminders:
        grouped[r.person].append(r)
    return grouped


def reminders_send(*, trust_id: int, today: dt.date) -> int:
    """Email everyone in the trust who has actions newly due within 7 days or newly overdue, one
    email each; returns how many emails were sent (queued to go on commit). Runs in the trust's
    scope.

    Delivery is at most once: the rows that say an email was sent are committed before it goes,
    so a send that fails is logged and not retried, rather than risking a duplicate."""
    actions = _due_actions(trust_id=trust_id, today=today)
    if not actions:
        return 0
    told = _told(actions=actions)
    pending = [
        r for r in _reminders(trust_id=trust_id, actions=actions, today=today) if r.key not in told
    ]
    sent = 0
    for person, theirs in sorted(_by_person(pending).items(), key=lambda item: item[0].pk):
        if _email_person(trust_id=trust_id, person=person, reminders=theirs, today=today):
            sent += 1
    return sent
