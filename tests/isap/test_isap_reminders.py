"""The reminder emails to the people responsible for ISAP actions (issue 5): due within 7 days and
overdue, one email per person per day, each action told once per kind and due date, and never a
duplicate when the job runs twice."""

import datetime as dt
import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from fht.celery import app as celery_app
from fht.models import User
from fht.roles import Role
from fht.tenancy import trust_scope
from isap.models import Action, ActionReminder, Plan, ReminderEmail
from isap.reminders import action_path, reminders_send
from isap.services import plan_start
from isap.tasks import send_action_reminders_all
from schools.models import School
from schools.services import academic_year_create
from tests.conftest import World
from tests.platform.test_production_settings import (
    PRODUCTION_VARIABLES,
    production_settings,
    valid_environment,
)
from tests.platform.world import build_full_world
from tests.services import require_services

pytestmark = pytest.mark.django_db

CaptureOnCommit = Callable[..., AbstractContextManager[Any]]
SITE = "https://intranet.example.org"
DUE = dt.date(2026, 12, 18)  # every world action's due date (tests/isap/world.py)
MONDAY = dt.date(2026, 12, 14)  # four days before: due soon
WHAT = "Train all KS1 staff in the phonics scheme"


@pytest.fixture(autouse=True)
def site(settings: Any) -> None:
    settings.FHT_SITE_URL = SITE


@pytest.fixture
def send(
    django_capture_on_commit_callbacks: CaptureOnCommit,
) -> Callable[[World | int, dt.date], int]:
    """Run the job for a trust (trust A given the world) on a day, emails sent on commit."""

    def run(trust: World | int, today: dt.date) -> int:
        trust_id = trust.trust.pk if isinstance(trust, World) else trust
        with django_capture_on_commit_callbacks(execute=True), trust_scope(trust_id):
            return reminders_send(trust_id=trust_id, today=today)

    return run


Send = Callable[[World | int, dt.date], int]


def world_action(plan: Plan | None) -> Action:
    with scopes_disabled():
        return Action.objects.select_related("owner").get(priority__plan=plan, what=WHAT)


def add_action(
    plan: Plan | None,
    what: str,
    *,
    due_on: dt.date,
    owner: User | None = None,
    owner_role: str = "",
    status: str = Action.Status.IN_PROGRESS,
) -> Action:
    assert plan is not None
    with scopes_disabled():
        return Action.objects.create(
            trust=plan.trust,
            priority=plan.priorities.get(),
            what=what,
            owner=owner,
            owner_role=owner_role,
            starts_on=min(due_on, dt.date(2026, 9, 7)),
            due_on=due_on,
            status=status,
        )


def to(person: User | None) -> list[EmailMessage]:
    assert person is not None
    return [m for m in mail.outbox if m.to == [person.email]]


def only_email_to(person: User | None) -> EmailMessage:
    emails = to(person)
    assert len(emails) == 1, [m.subject for m in emails]
    return emails[0]


def told(action: Action) -> list[tuple[int, str, dt.date]]:
    with scopes_disabled():
        return list(
            ActionReminder.objects.filter(action=action)
            .order_by("pk")
            .values_list("person_id", "kind", "due_on")
        )


# --- what is told, and how ------------------------------------------------------------------------


def test_an_action_due_within_7_days_is_emailed_to_its_owner_with_a_link(
    world: World, send: Send
) -> None:
    head = world.person(Role.HEAD_TEACHER)
    action = world_action(world.plan)

    assert send(world, MONDAY) == 2  # s1's head and s3's head, one each
    email = only_email_to(head)
    assert email.subject == "1 action in your school action plan needs attention"
    assert email.from_email == settings.DEFAULT_FROM_EMAIL
    assert "Hello Head," in email.body
    assert "Alder Primary, priority 1: Raise attainment in early reading" in email.body
    assert WHAT in email.body
    assert "Due on Friday 18 December 2026." in email.body
    assert f"{SITE}/actions/{action.pk}/\n" in email.body
    assert "Overdue" not in email.body
    assert "Cedar Primary" not in email.body  # s3's action went to s3's head
    assert "Cedar Primary" in only_email_to(world.south_head).body
    assert told(action) == [(head.pk, ActionReminder.Kind.DUE_SOON, DUE)]


def test_action_path_is_the_action_page() -> None:
    assert action_path(42) == "/actions/42/" == reverse("isap:action", kwargs={"action_id": 42})


@pytest.mark.parametrize(
    ("today", "sent", "says"),
    [
        (DUE - dt.timedelta(days=8), 0, None),
        (DUE - dt.timedelta(days=7), 2, "Due on Friday 18 December 2026."),
        (DUE, 2, "Due today, 18 December 2026."),
        (DUE + dt.timedelta(days=1), 2, "Overdue since 19 December 2026 (it was due on 18"),
        (DUE + dt.timedelta(days=60), 2, "Overdue since 19 December 2026 (it was due on 18"),
    ],
)
def test_due_soon_is_within_7_days_and_overdue_is_after_the_due_date(
    world: World, send: Send, today: dt.date, sent: int, says: str | None
) -> None:
    assert send(world, today) == sent
    assert len(mail.outbox) == sent
    if says is not None:
        assert says in only_email_to(world.person(Role.HEAD_TEACHER)).body


def test_an_overdue_action_is_emailed_under_overdue(world: World, send: Send) -> None:
    head = world.person(Role.HEAD_TEACHER)
    action = world_action(world.plan)

    assert send(world, dt.date(2026, 12, 21)) == 2
    email = only_email_to(head)
    assert email.subject == "1 action in your school action plan needs attention"
    assert "Overdue\n-------\n" in email.body
    assert "Due within the next 7 days" not in email.body
    assert f"{SITE}/actions/{action.pk}/" in email.body
    assert told(action) == [(head.pk, ActionReminder.Kind.OVERDUE, DUE)]


def test_one_email_a_day_holds_all_of_a_persons_actions(world: World, send: Send) -> None:
    head = world.person(Role.HEAD_TEACHER)
    late = add_action(
        world.plan, "Audit the reading books", due_on=dt.date(2026, 12, 9), owner=head
    )
    soon = add_action(
        world.plan, "Observe phonics lessons", due_on=dt.date(2026, 12, 15), owner=head
    )
    by_role = add_action(
        world.plan, "Buy decodable readers", due_on=dt.date(2026, 12, 20), owner_role="English lead"
    )

    send(world, MONDAY)
    email = only_email_to(head)
    assert email.subject == "4 actions in your school action plan need attention"
    body = email.body
    for action in (late, soon, by_role, world_action(world.plan)):
        assert f"{SITE}/actions/{action.pk}/" in body
    # Overdue first, then the rest by due date.
    order = [body.index(w) for w in ("Audit the reading", "Observe phonics", WHAT, "Buy decodable")]
    assert order == sorted(order)
    assert body.index("Overdue\n") < body.index("Due within the next 7 days\n")
    with scopes_disabled():
        row = ReminderEmail.objects.get(person=head)
    assert (row.sent_on, row.actions, row.trust_id) == (MONDAY, 4, world.trust.pk)


def test_an_owner_with_actions_at_two_schools_gets_one_email(world: World, send: Send) -> None:
    ceo = world.person(Role.CEO)  # reads every school's plan
    add_action(world.plan, "Check the phonics training", due_on=MONDAY, owner=ceo)
    add_action(world.out_plan, "Share the phonics training", due_on=MONDAY, owner=ceo)

    send(world, MONDAY)
    email = only_email_to(ceo)
    assert email.subject == "2 actions in your school action plans need attention"
    assert "Alder Primary" in email.body
    assert "Cedar Primary, priority 1" in email.body


def test_an_owner_who_may_not_read_the_schools_plan_is_not_told_its_head_is(
    world: World, send: Send
) -> None:
    """Named on an action of a school whose plan they cannot open (they have left it, or were
    never there): the school's head is told instead, and the owner gets nothing."""
    head = world.person(Role.HEAD_TEACHER)  # of s1, not s3
    late = add_action(world.out_plan, "Share the phonics training", due_on=MONDAY, owner=head)

    send(world, MONDAY)
    assert "Share the phonics training" not in only_email_to(head).body
    assert f"/actions/{late.pk}/" in only_email_to(world.south_head).body


# --- never twice ----------------------------------------------------------------------------------


def test_running_the_job_twice_sends_nothing_more(world: World, send: Send) -> None:
    add_action(
        world.plan, "Audit the reading books", due_on=dt.date(2026, 12, 9), owner_role="SENCo"
    )

    first = send(world, MONDAY)
    assert first == 3  # s1's head, s1's executive head (the role-owned action), s3's head
    sent = [(m.to, m.subject, m.body) for m in mail.outbox]

    assert send(world, MONDAY) == 0
    assert [(m.to, m.subject, m.body) for m in mail.outbox] == sent
    with scopes_disabled():
        assert ReminderEmail.objects.filter(trust=world.trust).count() == 3


def test_the_task_run_twice_sends_nothing_more(
    world: World, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    today = timezone.localdate()
    with scopes_disabled():
        Action.objects.update(starts_on=today - dt.timedelta(days=30), due_on=today)
    with django_capture_on_commit_callbacks(execute=True):
        send_action_reminders_all.apply()
    assert len(mail.outbox) == 3
    with django_capture_on_commit_callbacks(execute=True):
        send_action_reminders_all.apply()
    assert len(mail.outbox) == 3


def test_what_becomes_due_later_the_same_day_waits_for_tomorrow(world: World, send: Send) -> None:
    head = world.person(Role.HEAD_TEACHER)
    send(world, MONDAY)
    later = add_action(
        world.plan, "Observe phonics lessons", due_on=dt.date(2026, 12, 15), owner=head
    )

    assert send(world, MONDAY) == 0  # the head has had today's email
    assert len(to(head)) == 1
    assert told(later) == []

    assert send(world, MONDAY + dt.timedelta(days=1)) == 1
    tomorrow = to(head)[1]
    assert tomorrow.subject == "1 action in your school action plan needs attention"
    assert "Observe phonics lessons" in tomorrow.body
    assert WHAT not in tomorrow.body  # told yesterday


def test_an_overdue_action_is_told_once_and_a_newly_due_one_the_next_day(
    world: World, send: Send
) -> None:
    head = world.person(Role.HEAD_TEACHER)
    first_day = DUE + dt.timedelta(days=1)
    later = add_action(
        world.plan, "Review the reading scheme", due_on=first_day + dt.timedelta(days=8), owner=head
    )

    send(world, first_day)
    assert WHAT in only_email_to(head).body
    assert "Review the reading scheme" not in only_email_to(head).body  # 8 days away

    send(world, first_day + dt.timedelta(days=1))
    second = to(head)[1]
    assert "Review the reading scheme" in second.body
    assert WHAT not in second.body  # still overdue, but already told

    assert send(world, first_day + dt.timedelta(days=2)) == 0
    assert len(to(head)) == 2
    assert [kind for _, kind, _ in told(later)] == [ActionReminder.Kind.DUE_SOON]


def test_due_soon_then_overdue_is_told_twice(world: World, send: Send) -> None:
    head = world.person(Role.HEAD_TEACHER)
    send(world, MONDAY)
    send(world, DUE + dt.timedelta(days=1))

    emails = to(head)
    assert len(emails) == 2
    assert "Due on Friday 18 December 2026." in emails[0].body
    assert "Overdue since 19 December 2026" in emails[1].body
    assert [kind for _, kind, _ in told(world_action(world.plan))] == [
        ActionReminder.Kind.DUE_SOON,
        ActionReminder.Kind.OVERDUE,
    ]


def test_a_new_due_date_is_told_again(world: World, send: Send) -> None:
    head = world.person(Role.HEAD_TEACHER)
    action = world_action(world.plan)
    send(world, MONDAY)
    with scopes_disabled():
        Action.objects.filter(pk=action.pk).update(due_on=dt.date(2026, 12, 17))

    assert send(world, MONDAY + dt.timedelta(days=1)) == 1
    email = to(head)[1]
    assert "Due on Thursday 17 December 2026." in email.body
    assert told(action) == [
        (head.pk, ActionReminder.Kind.DUE_SOON, DUE),
        (head.pk, ActionReminder.Kind.DUE_SOON, dt.date(2026, 12, 17)),
    ]


# --- who is not told, and who is told instead -----------------------------------------------------


def test_completed_and_dropped_actions_and_closed_schools_are_not_told(
    world: World, send: Send
) -> None:
    head = world.person(Role.HEAD_TEACHER)
    with scopes_disabled():
        Action.objects.filter(pk=world_action(world.plan).pk).update(status=Action.Status.COMPLETED)
        School.objects.filter(pk=world.s3.pk).update(closed_on=dt.date(2026, 11, 30))
    add_action(world.plan, "Dropped one", due_on=MONDAY, owner=head, status=Action.Status.DROPPED)
    started = add_action(
        world.plan, "Not started one", due_on=MONDAY, owner=head, status=Action.Status.NOT_STARTED
    )

    assert send(world, MONDAY) == 1
    email = only_email_to(head)
    assert email.subject == "1 action in your school action plan needs attention"
    assert f"/actions/{started.pk}/" in email.body
    assert WHAT not in email.body and "Dropped one" not in email.body
    assert to(world.south_head) == []  # s3 is closed


def test_an_action_carried_into_a_new_plan_is_told_once_from_the_new_plan(
    world: World, send: Send
) -> None:
    head = world.person(Role.HEAD_TEACHER)
    with trust_scope(world.trust.pk):
        year = academic_year_create(trust=world.trust, starts_in=2027, acting_user=None)
        new_plan = plan_start(school=world.s1, year=year, acting_user=head)
    carried = world_action(new_plan)

    send(world, MONDAY)
    body = only_email_to(head).body
    assert body.count(WHAT) == 1
    assert f"/actions/{carried.pk}/" in body


def test_an_action_naming_a_role_goes_to_the_schools_heads(world: World, send: Send) -> None:
    head = world.person(Role.HEAD_TEACHER)
    executive = world.person(Role.EXECUTIVE_HEAD)
    action = add_action(world.plan, "Update the SEND register", due_on=MONDAY, owner_role="SENCo")

    send(world, MONDAY)
    says = (
        "Responsible: SENCo. The action names a role, not a person, so it comes to you as the "
        "school's head, since you answer for your staff."
    )
    assert says in only_email_to(head).body
    assert only_email_to(executive).subject == "1 action in your school action plan needs attention"
    assert says in only_email_to(executive).body
    assert f"/actions/{action.pk}/" in only_email_to(executive).body
    assert to(world.person(Role.LEAD_PRACTITIONER)) == []
    assert {person for person, _, _ in told(action)} == {head.pk, executive.pk}


def test_an_action_whose_owner_has_left_goes_to_the_heads(world: World, send: Send) -> None:
    teacher = world.person(Role.LEAD_PRACTITIONER)
    with scopes_disabled():
        User.objects.filter(pk=teacher.pk).update(is_active=False)
    add_action(world.plan, "Run the phonics catch-up", due_on=MONDAY, owner=teacher)

    send(world, MONDAY)
    assert to(teacher) == []
    body = only_email_to(world.person(Role.EXECUTIVE_HEAD)).body
    assert "Run the phonics catch-up" in body
    assert "Responsible: Lead practitioner of A, who can no longer be emailed here" in body


def test_an_action_owned_by_a_person_is_not_also_sent_to_the_heads(
    world: World, send: Send
) -> None:
    add_action(
        world.plan,
        "Plan the phonics CPD",
        due_on=MONDAY,
        owner=world.person(Role.LEAD_PRACTITIONER),
    )

    send(world, MONDAY)
    assert "Plan the phonics CPD" in only_email_to(world.person(Role.LEAD_PRACTITIONER)).body
    assert to(world.person(Role.EXECUTIVE_HEAD)) == []


def test_each_trust_tells_only_its_own_people_about_its_own_actions(
    world: World, send: Send
) -> None:
    assert send(world.other_trust.pk, MONDAY) == 1
    email = only_email_to(world.other_head)
    assert "Driftwood Primary" in email.body
    assert f"/actions/{world_action(world.other_plan).pk}/" in email.body
    assert len(mail.outbox) == 1

    send(world, MONDAY)
    assert len(to(world.other_head)) == 1
    assert len(mail.outbox) == 3
    assert all("Driftwood" not in m.body for m in mail.outbox[1:])


def test_the_beat_task_tells_every_trust_for_today(
    world: World, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    today = timezone.localdate()
    with scopes_disabled():
        Action.objects.update(
            starts_on=today - dt.timedelta(days=30), due_on=today + dt.timedelta(days=3)
        )

    with django_capture_on_commit_callbacks(execute=True):
        send_action_reminders_all.apply()

    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted(
        [world.person(Role.HEAD_TEACHER).email, world.south_head.email, world.other_head.email]  # type: ignore[union-attr]
    )
    assert "Driftwood Primary" in only_email_to(world.other_head).body
    with scopes_disabled():
        assert set(ReminderEmail.objects.values_list("sent_on", flat=True)) == {today}


def test_the_beat_schedule_runs_the_reminders_daily_at_7_uk_time() -> None:
    celery_app.finalize()  # as the worker and beat do at start: the apps' schedule is read then
    entries = [
        entry
        for entry in celery_app.conf.beat_schedule.values()
        if entry["task"] == send_action_reminders_all.name
    ]
    assert len(entries) == 1
    assert entries[0]["schedule"] == crontab(hour=7, minute=0)
    assert str(celery_app.timezone) == settings.TIME_ZONE == "Europe/London"
    assert send_action_reminders_all.name in celery_app.tasks


# --- the site address the links start with -------------------------------------------------------


@pytest.fixture
def production_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in (*PRODUCTION_VARIABLES, "SITE_URL"):
        if name != "DJANGO_SETTINGS_MODULE":
            monkeypatch.delenv(name, raising=False)
    for name, value in valid_environment().items():
        monkeypatch.setenv(name, value)
    return monkeypatch


@pytest.mark.parametrize(
    ("site_url", "hosts", "expected"),
    [
        (None, "intranet.example.org,www.example.org", "https://intranet.example.org"),
        ("", "intranet.example.org", "https://intranet.example.org"),  # compose passes it empty
        ("https://isap.example.org/", "intranet.example.org", "https://isap.example.org"),
        ("http://127.0.0.1:8000", "127.0.0.1", "http://127.0.0.1:8000"),
    ],
)
def test_production_links_start_with_site_url_or_the_first_host(
    production_env: pytest.MonkeyPatch, site_url: str | None, hosts: str, expected: str
) -> None:
    production_env.setenv("ALLOWED_HOSTS", hosts)
    if site_url is not None:
        production_env.setenv("SITE_URL", site_url)
    assert production_settings()["FHT_SITE_URL"] == expected


@pytest.mark.parametrize(
    ("site_url", "hosts"),
    [
        ("intranet.example.org", "intranet.example.org"),
        ("ftp://intranet.example.org", "intranet.example.org"),
        (None, "*"),
        (None, ".example.org"),
    ],
)
def test_production_refuses_a_site_url_that_is_no_address(
    production_env: pytest.MonkeyPatch, site_url: str | None, hosts: str
) -> None:
    production_env.setenv("ALLOWED_HOSTS", hosts)
    if site_url is not None:
        production_env.setenv("SITE_URL", site_url)
    with pytest.raises(ImproperlyConfigured, match=r"^Set SITE_URL to the address of the site"):
        production_settings()


# --- at most once ---------------------------------------------------------------------------------


class BrokenMailer(BaseEmailBackend):
    def send_messages(self, email_messages: Any) -> int:
        raise ConnectionRefusedError("the mail server is down")


def test_a_failed_send_is_logged_and_not_tried_again(
    world: World, send: Send, settings: Any, caplog: pytest.LogCaptureFixture
) -> None:
    working = settings.MAILERS
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.BrokenMailer"}}
    assert send(world, MONDAY) == 2
    assert mail.outbox == []
    assert "could not be sent" in caplog.text

    settings.MAILERS = working
    assert send(world, MONDAY) == 0
    assert send(world, MONDAY + dt.timedelta(days=1)) == 0
    assert mail.outbox == []


def test_two_runs_at_the_same_time_send_each_email_once(transactional_db: None) -> None:
    """On PostgreSQL, two runs racing on separate connections: the unique rows decide."""
    require_services()
    world = build_full_world()
    add_action(world.plan, "Update the SEND register", due_on=MONDAY, owner_role="SENCo")
    start = threading.Barrier(2)
    sent: list[int] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            start.wait()
            with trust_scope(world.trust.pk):
                sent.append(reminders_send(trust_id=world.trust.pk, today=MONDAY))
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)

    assert errors == []
    assert sum(sent) == 3
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [
            world.person(Role.HEAD_TEACHER).email,
            world.person(Role.EXECUTIVE_HEAD).email,
            world.south_head.email,  # type: ignore[union-attr]
        ]
    )
