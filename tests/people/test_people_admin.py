"""Trust administration of people and roles: invitations, roles given and ended, leavers.

Administrators (CEO, deputy CEO, trust administrator) do it from the app's own pages; everyone else
gets 403 (the trust-level invite page) or 404 (pages about one person), and nothing is written.
"""

import datetime as dt
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from fht.models import User
from fht.roles import Role
from fht.tenancy import trust_scope
from people import services
from people.models import RoleAssignment
from people.services import EMAIL_TAKEN, person_deactivate, person_invite, role_assign
from schools.models import SchoolUserObjectPermission
from tests import work_after_commit
from tests.accounts.helpers import verified
from tests.conftest import World
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-brand-new-long-password"
ADMIN_ROLES = [Role.CEO, Role.DEPUTY_CEO, Role.TRUST_ADMIN]
# Roles that read a lot, or a school, but administer no one.
NON_ADMINS = [
    Role.GOVERNOR,
    Role.CHAIR_OF_GOVERNORS,
    Role.TRUSTEE,
    Role.HEAD_TEACHER,
    Role.QA_DIRECTOR,
    Role.CPD_LEAD,
]


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _sign_in(email: str, password: str) -> Client:
    client = Client()
    response = client.post(reverse("login"), {"username": email, "password": password})
    assert response.status_code == 302, "sign-in failed"
    return client


def _school_page(client: Client, school_id: int) -> int:
    return client.get(reverse("schools:detail", kwargs={"school_id": school_id})).status_code


def _invite_data(world: World, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "full_name": "Jo Bloggs",
        "email": "Jo.Bloggs@A.example",
        "job_title": "Head of school",
        "role": Role.HEAD_TEACHER.value,
        "school": world.s2.pk,
        "cluster": "",
    }
    data.update(changes)
    return data


def _give_data(**changes: object) -> dict[str, object]:
    today = timezone.localdate()
    data: dict[str, object] = {
        "role": Role.GOVERNOR.value,
        "school": "",
        "cluster": "",
        "starts_on_day": today.day,
        "starts_on_month": today.month,
        "starts_on_year": today.year,
        "ends_on_day": "",
        "ends_on_month": "",
        "ends_on_year": "",
    }
    data.update(changes)
    return data


def _url(name: str, person: User, **kwargs: object) -> str:
    return reverse(name, kwargs={"person_id": person.pk, **kwargs})


def _assignment(person: User, role: Role | None = None) -> RoleAssignment:
    with scopes_disabled():
        rows = RoleAssignment.objects.filter(person=person)
        if role is not None:
            rows = rows.filter(role=role)
        return rows.get()


def _snapshot() -> tuple[int, ...]:
    """Everything the administration pages could write, counted."""
    with scopes_disabled():
        return (
            User.objects.count(),
            User.objects.filter(is_active=True).count(),
            User.history.count(),
            RoleAssignment.objects.count(),
            RoleAssignment.objects.filter(ended_at__isnull=True).count(),
            RoleAssignment.history.count(),
            Session.objects.count(),
        )


@contextmanager
def _nothing_written() -> Iterator[None]:
    before = _snapshot()
    yield
    assert _snapshot() == before
    assert mail.outbox == []


def _sessions_of(user: User) -> list[str]:
    return [
        s.session_key
        for s in Session.objects.all()
        if s.get_decoded().get(SESSION_KEY) == str(user.pk)
    ]


# --- Inviting --------------------------------------------------------------------------------


@pytest.mark.parametrize("admin_role", ADMIN_ROLES)
def test_invitation_lets_the_person_choose_a_password_and_sign_in(
    world: World, admin_role: Role, django_capture_on_commit_callbacks: Callable
) -> None:
    admin = world.person(admin_role)
    client = _client(admin)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reverse("people:invite"), _invite_data(world))
    assert response.status_code == 302
    person = User.objects.get(email="jo.bloggs@a.example")
    assert response["Location"] == _url("people:detail", person)
    assert person.trust == world.trust
    assert not person.has_usable_password()
    assert person.job_title == "Head of school"
    assert len(work_after_commit(callbacks)) == 1
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["jo.bloggs@a.example"]
    assert email.subject.startswith("You have been invited to")
    assert "Trust A" in email.subject

    # Both the person and their role name the administrator in their history.
    record = person.history.earliest()
    assert record.history_user == admin
    assert record.history_change_reason == "Invited"
    assert _assignment(person).history.get().history_user == admin

    # The link lets them choose a password, and they then sign in and see what the role allows.
    link = re.search(r"https?://testserver(/accounts/password-reset/\S+/)", email.body)
    assert link, email.body
    visitor = Client()
    form = visitor.get(link.group(1), follow=True)
    assert form.status_code == 200
    assert "Choose a new password" in form.content.decode()
    done = visitor.post(
        form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert done.status_code == 302
    newcomer = _sign_in("jo.bloggs@a.example", NEW_PASSWORD)
    assert _school_page(newcomer, world.s2.pk) == 200
    assert _school_page(newcomer, world.s3.pk) == 404
    assert "Head teacher, Birch Primary" in newcomer.get(reverse("home")).content.decode()
    # The link is spent once used.
    assert "expired" in Client().get(link.group(1), follow=True).content.decode()


def test_invitation_without_a_role(
    world: World, django_capture_on_commit_callbacks: Callable
) -> None:
    client = _client(world.person(Role.TRUST_ADMIN))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("people:invite"), _invite_data(world, role="", school="", job_title="")
        )
    assert response.status_code == 302
    person = User.objects.get(email="jo.bloggs@a.example")
    with scopes_disabled():
        assert not RoleAssignment.objects.filter(person=person).exists()
    assert len(mail.outbox) == 1


def test_invitation_email_waits_for_the_commit(world: World) -> None:
    """Outside django_capture_on_commit_callbacks the test transaction never commits: no email."""
    with trust_scope(world.trust.pk):
        person_invite(
            trust=world.trust,
            full_name="Jo Bloggs",
            email="jo@a.example",
            job_title="",
            acting_user=world.person(Role.CEO),
            base_url="https://intranet.example/",
        )
    assert User.objects.filter(email="jo@a.example").exists()
    assert mail.outbox == []


def test_a_failure_after_the_person_is_saved_leaves_nothing(
    world: World, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Callable
) -> None:
    def broken(**kwargs: object) -> None:
        raise RuntimeError("permissions table unavailable")

    monkeypatch.setattr(services.roles, "permissions_sync", broken)
    with (
        _nothing_written(),
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        trust_scope(world.trust.pk),
        pytest.raises(RuntimeError),
    ):
        person_invite(
            trust=world.trust,
            full_name="Jo Bloggs",
            email="jo@a.example",
            job_title="",
            acting_user=world.person(Role.CEO),
            base_url="https://intranet.example/",
            role=Role.GOVERNOR,
            school=world.s2,
        )
    assert work_after_commit(callbacks) == []


@pytest.mark.parametrize(
    "email",
    [
        "gov2@a.example",  # someone of this trust
        "GOV2@A.EXAMPLE",  # the same, in capitals
        "head@b.example",  # someone of trust B
        " Head@B.example ",
    ],
)
def test_an_email_already_in_use_is_refused_without_saying_whose(
    world: World, email: str, django_capture_on_commit_callbacks: Callable
) -> None:
    client = _client(world.person(Role.CEO))
    with _nothing_written(), django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("people:invite"), _invite_data(world, email=email))
    assert response.status_code == 400
    body = response.content.decode()
    error = re.search(r'id="id_email_error">(.*?)</p>', body, re.S)
    assert error
    assert EMAIL_TAKEN.replace("'", "&#x27;") in error.group(1)
    for leak in ("Trust B", "Head of B", "Governor of s2", "Driftwood"):
        assert leak not in body


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"role": Role.GOVERNOR.value, "school": ""}, "school", "Choose the school this governor"),
        ({"role": Role.QA_DIRECTOR.value, "school": ""}, "cluster", "Choose the cluster this"),
        ({"role": Role.CEO.value}, "school", "is not attached to one school"),
        ({"role": ""}, "role", "Choose the role this school or cluster is for"),
        # Alder Primary has a head teacher already.
        ({"school": "S1"}, "school", "already has a head teacher"),
    ],
)
def test_a_bad_first_role_creates_no_one_and_keeps_what_was_typed(
    world: World,
    changes: dict[str, object],
    field: str,
    message: str,
    django_capture_on_commit_callbacks: Callable,
) -> None:
    if changes.get("school") == "S1":
        changes = {**changes, "school": world.s1.pk}
    client = _client(world.person(Role.TRUST_ADMIN))
    with _nothing_written(), django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reverse("people:invite"), _invite_data(world, **changes))
    assert response.status_code == 400
    assert work_after_commit(callbacks) == []
    body = response.content.decode()
    error = re.search(rf'id="id_{field}_error">(.*?)</p>', body, re.S)
    assert error, body
    assert message in error.group(1)
    assert "There is a problem" in body
    assert 'value="Jo Bloggs"' in body
    assert 'value="Jo.Bloggs@A.example"' in body
    assert 'value="Head of school"' in body


def test_the_school_and_cluster_lists_hold_only_this_trusts_open_ones(world: World) -> None:
    with scopes_disabled():
        world.s3.closed_on = dt.date(2026, 8, 31)
        world.s3.save()
    client = _client(world.person(Role.CEO))
    for url in (reverse("people:invite"), _url("people:role_give", world.stranger)):
        body = client.get(url).content.decode()
        assert f'<option value="{world.s1.pk}">Alder Primary</option>' in body
        assert f'<option value="{world.c2.pk}">South cluster</option>' in body
        assert "Cedar Primary" not in body  # closed
        assert "Driftwood Primary" not in body
        assert "Harbour cluster" not in body


def test_another_trusts_school_or_cluster_is_refused(
    world: World, django_capture_on_commit_callbacks: Callable
) -> None:
    client = _client(world.person(Role.CEO))
    attempts = [
        ("school", {"role": Role.GOVERNOR.value, "school": world.sb.pk}),
        ("cluster", {"role": Role.QA_DIRECTOR.value, "school": "", "cluster": world.b1.pk}),
    ]
    for field, changes in attempts:
        with _nothing_written(), django_capture_on_commit_callbacks(execute=True):
            invited = client.post(reverse("people:invite"), _invite_data(world, **changes))
            given = client.post(_url("people:role_give", world.stranger), _give_data(**changes))
        for response in (invited, given):
            assert response.status_code == 400
            body = response.content.decode()
            assert re.search(rf'id="id_{field}_error">.*?Choose one of the trust', body, re.S)
            assert "Driftwood" not in body
            assert "Harbour" not in body


# --- Giving and ending roles -----------------------------------------------------------------


def test_give_a_role_then_end_it(world: World) -> None:
    admin = world.person(Role.TRUST_ADMIN)
    client = _client(admin)
    person = world.stranger
    theirs = _client(person)
    assert _school_page(theirs, world.s3.pk) == 404

    page = client.get(_url("people:role_give", person))
    assert page.status_code == 200
    response = client.post(
        _url("people:role_give", person),
        _give_data(school=world.s3.pk, ends_on_day=31, ends_on_month=8, ends_on_year=2030),
    )
    assert response.status_code == 302
    assignment = _assignment(person)
    assert (assignment.role, assignment.school_id) == (Role.GOVERNOR, world.s3.pk)
    assert assignment.ends_on == dt.date(2030, 8, 31)
    assert assignment.history.get().history_user == admin
    assert _school_page(theirs, world.s3.pk) == 200  # on their very next request

    detail = client.get(_url("people:detail", person)).content.decode()
    end_url = _url("people:role_end", person, assignment_id=assignment.pk)
    assert end_url in detail
    assert client.get(end_url).status_code == 200

    with _nothing_written():
        refused = client.post(end_url)  # no confirmation: nothing ends
    assert refused.status_code == 400
    assert "Use the button on this page to confirm" in refused.content.decode()

    response = client.post(end_url, {"confirm": "yes"})
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.ended_at is not None
    ended = assignment.history.order_by("-history_date", "-history_id").first()
    assert ended.history_user == admin
    assert ended.ended_at is not None
    assert _school_page(theirs, world.s3.pk) == 404
    detail = client.get(_url("people:detail", person)).content.decode()
    assert end_url not in detail  # no End button on an ended role
    assert "Ended" in detail

    # Ending it again (a resubmitted form) changes nothing.
    history_rows = assignment.history.count()
    assert client.post(end_url, {"confirm": "yes"}).status_code == 302
    assert assignment.history.count() == history_rows


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"school": ""}, "school", "Choose the school this governor"),
        (
            {"school": "S2", "starts_on_day": "31", "starts_on_month": "2"},
            "starts_on",
            "Enter a real date",
        ),
        ({"school": "S2", "starts_on_year": "2099"}, "starts_on", "today or in the past"),
        (
            {"school": "S2", "ends_on_day": "1", "ends_on_month": "1", "ends_on_year": "2020"},
            "ends_on",
            "today or in the future",
        ),
        ({"role": Role.HEAD_TEACHER.value, "school": "S1"}, "school", "already has a head"),
    ],
)
def test_a_bad_role_is_refused_by_the_field(
    world: World, changes: dict[str, object], field: str, message: str
) -> None:
    schools = {"S1": world.s1.pk, "S2": world.s2.pk}
    if changes.get("school") in schools:
        changes = {**changes, "school": schools[str(changes["school"])]}
    client = _client(world.person(Role.CEO))
    with _nothing_written():
        response = client.post(_url("people:role_give", world.stranger), _give_data(**changes))
    assert response.status_code == 400
    body = response.content.decode()
    error = re.search(rf'id="id_{field}_error">(.*?)</p>', body, re.S)
    assert error, body
    assert message in error.group(1)
    if "starts_on_day" in changes:
        assert f'value="{changes["starts_on_day"]}"' in body


def test_the_same_role_twice_is_refused(world: World) -> None:
    client = _client(world.person(Role.CEO))
    with _nothing_written():
        response = client.post(
            _url("people:role_give", world.colleague), _give_data(school=world.s2.pk)
        )
    assert response.status_code == 400
    assert "already holds this role" in response.content.decode()


# --- Editing ---------------------------------------------------------------------------------


def test_edit_name_and_job_title_shows_in_the_history(world: World) -> None:
    admin = world.person(Role.DEPUTY_CEO)
    client = _client(admin)
    person = world.colleague
    page = client.get(_url("people:edit", person)).content.decode()
    assert 'value="Governor of s2"' in page
    response = client.post(
        _url("people:edit", person), {"full_name": "Sam Governor", "job_title": "Parent governor"}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.full_name, person.job_title) == ("Sam Governor", "Parent governor")
    assert person.history.latest().history_user == admin
    detail = client.get(_url("people:detail", person)).content.decode()
    assert "History of Sam Governor" in detail
    assert "Name changed from &#x27;Governor of s2&#x27; to &#x27;Sam Governor&#x27;" in detail
    assert admin.full_name in detail


def test_edit_needs_a_name(world: World) -> None:
    client = _client(world.person(Role.CEO))
    with _nothing_written():
        response = client.post(
            _url("people:edit", world.colleague), {"full_name": "", "job_title": "Kept"}
        )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Enter the person&#x27;s full name" in body
    assert 'value="Kept"' in body


# --- Leavers ---------------------------------------------------------------------------------


def test_deactivating_a_leaver_ends_their_roles_and_sessions(world: World) -> None:
    admin = world.person(Role.TRUST_ADMIN)
    client = _client(admin)
    leaver = world.person(Role.HEAD_TEACHER)
    laptop = _sign_in(leaver.email, PASSWORD)
    phone = _client(leaver)
    assert _school_page(laptop, world.s1.pk) == 200
    assert len(_sessions_of(leaver)) == 2

    page = client.get(_url("people:deactivate", leaver))
    assert page.status_code == 200
    assert "Head teacher (Alder Primary)" in page.content.decode()
    with _nothing_written():
        assert client.post(_url("people:deactivate", leaver)).status_code == 400

    response = client.post(_url("people:deactivate", leaver), {"confirm": "yes"})
    assert response.status_code == 302
    leaver.refresh_from_db()
    assert not leaver.is_active
    assert _sessions_of(leaver) == []
    assert _sessions_of(admin)  # the administrator stays signed in
    with scopes_disabled():
        assert not RoleAssignment.objects.filter(person=leaver, ended_at__isnull=True).exists()
        assert not SchoolUserObjectPermission.objects.filter(user=leaver).exists()
    record = leaver.history.latest()
    assert (record.history_user, record.history_change_reason) == (admin, "Left the trust")
    role_record = _assignment(leaver).history.latest()
    assert role_record.history_user == admin
    assert role_record.ended_at is not None

    for device in (laptop, phone):
        response = device.get(reverse("home"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    # Their old password no longer works either.
    refused = Client().post(reverse("login"), {"username": leaver.email, "password": PASSWORD})
    assert refused.status_code == 400

    # Their page says they left; the people list hides them unless asked.
    detail = client.get(_url("people:detail", leaver)).content.decode()
    assert "has been deactivated" in detail
    assert "Left the trust" in detail
    assert _url("people:role_give", leaver) not in detail
    assert _url("people:reactivate", leaver) in detail
    people = client.get(reverse("people:list")).content.decode()
    assert leaver.full_name not in people
    people = client.get(reverse("people:list") + "?left=1").content.decode()
    assert leaver.full_name in people
    assert people.count('<th scope="col"') == 4  # the page's columns do not change
    csv = client.get(reverse("people:list") + "?left=1&format=csv").content.decode()
    assert csv.splitlines()[0].endswith("Roles,Status")
    assert f"{leaver.full_name},{leaver.email},,,Left the trust" in csv


def test_deactivation_service_signs_out_only_that_person(world: World) -> None:
    leaver = world.colleague
    other = _client(world.person(Role.GOVERNOR))
    _client(leaver)
    with trust_scope(world.trust.pk):
        person_deactivate(person=leaver, acting_user=world.person(Role.CEO))
    assert _sessions_of(leaver) == []
    assert other.get(reverse("home")).status_code == 200


def test_an_administrator_cannot_deactivate_themselves(world: World) -> None:
    admin = world.person(Role.TRUST_ADMIN)
    client = _client(admin)
    detail = client.get(_url("people:detail", admin)).content.decode()
    assert _url("people:deactivate", admin) not in detail
    page = client.get(_url("people:deactivate", admin))
    assert page.status_code == 200
    assert "You cannot deactivate your own account" in page.content.decode()
    with _nothing_written():
        response = client.post(_url("people:deactivate", admin), {"confirm": "yes"})
    assert response.status_code == 400
    assert "You cannot deactivate your own account" in response.content.decode()
    admin.refresh_from_db()
    assert admin.is_active
    assert client.get(reverse("home")).status_code == 200


def test_reactivation_gives_no_role_back(world: World) -> None:
    admin = world.person(Role.CEO)
    leaver = world.colleague
    with trust_scope(world.trust.pk):
        person_deactivate(person=leaver, acting_user=admin)
    client = _client(admin)
    with _nothing_written():
        assert client.post(_url("people:reactivate", leaver)).status_code == 400
    response = client.post(_url("people:reactivate", leaver), {"confirm": "yes"})
    assert response.status_code == 302
    leaver.refresh_from_db()
    assert leaver.is_active
    assert leaver.history.latest().history_change_reason == "Reactivated"
    with scopes_disabled():
        assert not RoleAssignment.objects.filter(person=leaver, ended_at__isnull=True).exists()
    detail = client.get(_url("people:detail", leaver)).content.decode()
    assert "Left the trust" in detail  # in the history
    assert "Reactivated" in detail


def test_a_leaver_gets_no_new_role(world: World) -> None:
    leaver = world.colleague
    with trust_scope(world.trust.pk):
        person_deactivate(person=leaver, acting_user=world.person(Role.CEO))
    client = _client(world.person(Role.CEO))
    with _nothing_written():
        response = client.post(_url("people:role_give", leaver), _give_data(school=world.s3.pk))
    assert response.status_code == 400
    assert "has left the trust" in response.content.decode()


# --- Resending an invitation -----------------------------------------------------------------


def test_resend_invitation_until_first_sign_in(
    world: World, django_capture_on_commit_callbacks: Callable
) -> None:
    client = _client(world.person(Role.CEO))
    never = world.colleague  # the shared world's colleague has never signed in
    detail = client.get(_url("people:detail", never)).content.decode()
    assert "Resend invitation" in detail
    with _nothing_written():
        assert client.post(_url("people:invitation_resend", never)).status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("people:invitation_resend", never), {"confirm": "yes"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [never.email]
    assert "/accounts/password-reset/" in mail.outbox[0].body

    mail.outbox.clear()
    signed_in = world.person(Role.GOVERNOR)
    _client(signed_in)  # signing in sets last_login
    detail = client.get(_url("people:detail", signed_in)).content.decode()
    assert "Resend invitation" not in detail
    with _nothing_written(), django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("people:invitation_resend", signed_in), {"confirm": "yes"})
    assert response.status_code == 400
    assert "has already signed in" in response.content.decode()


# --- Who may do it ---------------------------------------------------------------------------

PERSON_URLS = [
    "people:edit",
    "people:role_give",
    "people:role_end",
    "people:invitation_resend",
    "people:deactivate",
    "people:reactivate",
]


def _person_url(name: str, person: User) -> str:
    if name == "people:role_end":
        return _url(name, person, assignment_id=_assignment(person).pk)
    return _url(name, person)


def _full_post(name: str, world: World) -> dict[str, object]:
    """A complete, valid submission for each page, so a refusal is about who, not what."""
    return {
        "people:edit": {"full_name": "Changed", "job_title": "Changed"},
        "people:role_give": _give_data(school=world.s3.pk),
    }.get(name, {"confirm": "yes"})


@pytest.mark.parametrize("role", [*NON_ADMINS, "no_role"])
def test_non_administrators_can_do_none_of_it(
    world: World, role: Role | str, django_capture_on_commit_callbacks: Callable
) -> None:
    user = world.stranger if role == "no_role" else world.person(role)
    client = _client(user)
    with _nothing_written(), django_capture_on_commit_callbacks(execute=True):
        assert client.get(reverse("people:invite")).status_code == 403
        refused = client.post(reverse("people:invite"), _invite_data(world))
        assert refused.status_code == 403
        assert "administrators" in refused.content.decode()
        for name in PERSON_URLS:
            url = _person_url(name, world.colleague)
            assert client.get(url).status_code == 404, name
            assert client.post(url, _full_post(name, world)).status_code == 404, name
        # Not even on their own record.
        for name in ("people:edit", "people:deactivate", "people:role_give"):
            assert client.post(_url(name, user), _full_post(name, world)).status_code == 404


def test_another_trusts_ceo_gets_404_on_this_trusts_people(
    world: World, django_capture_on_commit_callbacks: Callable
) -> None:
    client = _client(world.other_ceo)
    with _nothing_written(), django_capture_on_commit_callbacks(execute=True):
        for person in (world.colleague, world.person(Role.CEO)):
            for name in PERSON_URLS:
                url = _person_url(name, person)
                assert client.get(url).status_code == 404, name
                assert client.post(url, _full_post(name, world)).status_code == 404, name
        # Their own invite page offers only their own trust's schools.
        body = client.get(reverse("people:invite")).content.decode()
        assert "Driftwood Primary" in body
        assert "Alder Primary" not in body


def test_an_assignment_of_someone_else_is_not_found_through_this_person(world: World) -> None:
    client = _client(world.person(Role.CEO))
    other = _assignment(world.south_head)
    url = _url("people:role_end", world.colleague, assignment_id=other.pk)
    with _nothing_written():
        assert client.get(url).status_code == 404
        assert client.post(url, {"confirm": "yes"}).status_code == 404
    other_trust = _assignment(world.other_head)
    url = _url("people:role_end", world.other_head, assignment_id=other_trust.pk)
    assert client.post(url, {"confirm": "yes"}).status_code == 404


@pytest.mark.parametrize("name", PERSON_URLS)
def test_an_empty_post_from_an_administrator_changes_nothing(world: World, name: str) -> None:
    with trust_scope(world.trust.pk):
        person_deactivate(person=world.stranger, acting_user=world.person(Role.CEO))
    person = world.stranger if name == "people:reactivate" else world.colleague
    if name == "people:role_end":
        person = world.colleague
    client = _client(world.person(Role.TRUST_ADMIN))
    with _nothing_written():
        response = client.post(_person_url(name, person))
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()


def test_an_empty_invite_creates_no_one(world: World) -> None:
    client = _client(world.person(Role.CEO))
    with _nothing_written():
        response = client.post(reverse("people:invite"))
    assert response.status_code == 400
    assert "Enter the person&#x27;s full name" in response.content.decode()


def test_controls_show_only_for_administrators(world: World) -> None:
    person = world.colleague
    controls = [
        reverse("people:invite"),
        _url("people:role_give", person),
        _url("people:edit", person),
        _url("people:deactivate", person),
        _url("people:role_end", person, assignment_id=_assignment(person).pk),
    ]
    for role in ADMIN_ROLES:
        client = _client(world.person(role))
        page = client.get(reverse("people:list")).content.decode()
        page += client.get(_url("people:detail", person)).content.decode()
        for control in controls:
            assert control in page, (role, control)
        assert "History of Governor of s2" in page
    for role in (Role.QA_DIRECTOR, Role.CPD_LEAD):  # they read people, but manage no one
        client = _client(world.person(role))
        page = client.get(reverse("people:list")).content.decode()
        page += client.get(_url("people:detail", person)).content.decode()
        assert "/invite/" not in page
        assert f"/people/{person.pk}/" in page
        for control in controls:
            assert control not in page, (role, control)
        assert "History of Governor of s2" not in page
    own = _client(world.person(Role.GOVERNOR))
    me = own.get(_url("people:detail", world.person(Role.GOVERNOR))).content.decode()
    assert "/edit/" not in me
    assert "/deactivate/" not in me


# --- Cost --------------------------------------------------------------------------------------


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _grow_people(world: World, count: int) -> None:
    with scopes_disabled():
        for i in range(count):
            person = UserFactory(trust=world.trust, job_title="Teacher")
            with trust_scope(world.trust.pk):
                role_assign(
                    person=person, role=Role.LEAD_PRACTITIONER, acting_user=None, school=world.s3
                )
                if i % 3 == 0:
                    person_deactivate(person=person, acting_user=world.person(Role.CEO))


@pytest.mark.parametrize("query", ["", "?left=1", "?left=1&role=lead_practitioner"])
def test_people_list_with_admin_controls_does_not_grow(world: World, query: str) -> None:
    client = _client(world.person(Role.TRUST_ADMIN))
    url = reverse("people:list") + query
    small = _queries(client, url)
    _grow_people(world, 12)
    assert "Invite a person" in client.get(url).content.decode()
    assert _queries(client, url) == small


def test_person_page_with_admin_controls_does_not_grow(world: World) -> None:
    client = _client(world.person(Role.CEO))
    person = world.colleague
    url = _url("people:detail", person)
    small = _queries(client, url)
    with trust_scope(world.trust.pk):
        for school in (world.s1, world.s3):
            role_assign(person=person, role=Role.LEAD_PRACTITIONER, acting_user=None, school=school)
    client.post(_url("people:edit", person), {"full_name": "Renamed", "job_title": "Chair"})
    assert _queries(client, url) == small


def test_the_cluster_size_limit_holds_on_the_person_page_too(world: World) -> None:
    from tests.factories import SchoolFactory

    with scopes_disabled():
        for _ in range(8):
            SchoolFactory(cluster=world.c2)  # c2 now has 9 open schools
    client = Client()
    client.force_login(world.person(Role.TRUST_ADMIN))
    url = reverse("people:role_give", kwargs={"person_id": world.stranger.pk})
    response = client.post(
        url,
        {
            "role": "qa_director",
            "cluster": world.c2.pk,
            "starts_on_day": "1",
            "starts_on_month": "9",
            "starts_on_year": "2026",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "limit of 8" in body, body[body.find("govuk-error-summary__list") :][:600]
    with scopes_disabled():
        assert not RoleAssignment.objects.filter(person=world.stranger).exists()


def test_platform_admin_cannot_move_a_person_between_trusts(world: World) -> None:
    assert world.superuser is not None
    client = verified(Client(), world.superuser)  # the admin needs a second factor
    head = world.person(Role.HEAD_TEACHER)
    response = client.get(reverse("admin:fht_user_change", args=[head.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert head.email in page  # the person's own change form
    assert 'name="trust"' not in page
