"""The meetings' pages as their users meet them: the CEO opens this half-term's meeting, edits a
school's row (a stale save refused with a message, what was typed kept), closes it; a trustee reads
the summary without the discussion; a head sees the school's category and actions, never the
discussion nor another school's."""

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from fht.models import User
from fht.roles import Role
from risk.models import Meeting, MeetingItem, RemedialAction
from risk.services.categories import category_set
from tests.conftest import World
from tests.qa_visits.world import HEAD_PM_MARKER, add_visit
from tests.risk.world_meetings import PM_MARKER, closed_meeting_with_action, item_of, open_meeting

pytestmark = pytest.mark.django_db

DISCUSSION = "MARKER-DISCUSSION the head is thinking of leaving"


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _form(item: MeetingItem, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"version": item.version, "discussion": DISCUSSION}
    data.update(changes)
    return data


def test_the_list_makes_this_half_terms_meeting(world: World) -> None:
    response = _client(world.person(Role.CEO)).get(reverse("risk:meetings"))
    assert response.status_code == 200
    with scopes_disabled():
        meeting = Meeting.objects.get(trust=world.trust)
    assert meeting.half_term.name == "autumn_2"  # today is 7 December 2026
    assert reverse("risk:meeting_detail", args=[meeting.pk]) in response.content.decode()


def test_the_agenda_shows_every_school_with_its_category(world: World) -> None:
    with scopes_disabled():
        category_set(
            school=world.s3,
            category="B",
            decided_on=dt.date(2025, 9, 1),
            reason="x",
            acting_user=None,
        )
    meeting = open_meeting(world)
    page = _client(world.person(Role.QA_DIRECTOR)).get(
        reverse("risk:meeting_detail", args=[meeting.pk])
    )
    text = page.content.decode()
    assert page.status_code == 200
    # The Director of QA of c1 sees every school, s3 of c2 included.
    for school in (world.s1, world.s2, world.s3):
        assert school.name in text
    assert "B Improve" in text or "B" in text
    assert world.sb.name not in text


def test_saving_a_row_and_a_stale_save(world: World) -> None:
    meeting = open_meeting(world)
    item = item_of(meeting, world.s1.pk)
    url = reverse("risk:meeting_item", args=[item.pk])
    ceo, director = _client(world.person(Role.CEO)), _client(world.person(Role.QA_DIRECTOR))
    assert ceo.get(url).status_code == 200
    saved = ceo.post(
        url,
        _form(
            item,
            proposed_category="C",
            agreed_category="C",
            category_reason="Leadership gaps.",
            ofsted_level="high",
            ofsted_note="RI in 2023",
            performance_management_level="high",
            performance_management_note=PM_MARKER,
            action_what="Appoint an interim deputy",
            action_owner=world.person(Role.HEAD_TEACHER).pk,
            action_due_on_day="5",
            action_due_on_month="2",
            action_due_on_year="2027",
        ),
    )
    assert saved.status_code == 302
    stale = director.post(url, _form(item, discussion="Director's own notes"))
    assert stale.status_code == 409
    text = stale.content.decode()
    assert "Someone else saved" in text and "Director&#x27;s own notes" in text
    assert "What is saved now, by CEO of A" in text and "Leadership gaps." in text
    with scopes_disabled():
        stored = MeetingItem.objects.get(pk=item.pk)
        action = RemedialAction.objects.get()
    assert stored.agreed_category == "C" and stored.discussion == DISCUSSION
    assert action.due_on == dt.date(2027, 2, 5) and action.school_id == world.s1.pk


@pytest.mark.parametrize(
    ("changes", "field_message"),
    [
        ({"agreed_category": "C"}, "Enter the reason for the agreed category."),
        ({"agreed_category": "E", "category_reason": "x"}, "Choose a category from A to D."),
        ({"ofsted_level": "<b>dire</b>"}, "Choose low, medium or high concern."),
        ({"action_what": "Audit"}, "Choose who is responsible."),
        ({"discussion": "x" * 20001}, "Discussion notes must be 20000 characters or fewer."),
        ({"version": "1e309"}, "Reload the page"),
    ],
)
def test_bad_input_is_refused_and_kept(
    world: World, changes: dict[str, str], field_message: str
) -> None:
    meeting = open_meeting(world)
    item = item_of(meeting, world.s1.pk)
    response = _client(world.person(Role.CEO)).post(
        reverse("risk:meeting_item", args=[item.pk]), _form(item, **changes)
    )
    assert response.status_code == 400
    assert field_message in response.content.decode()
    with scopes_disabled():
        assert MeetingItem.objects.get(pk=item.pk).version == 1


def test_an_owner_of_another_trust_is_refused(world: World) -> None:
    assert world.other_ceo is not None
    item = item_of(open_meeting(world), world.s1.pk)
    response = _client(world.person(Role.CEO)).post(
        reverse("risk:meeting_item", args=[item.pk]),
        _form(
            item,
            action_what="x",
            action_owner=world.other_ceo.pk,
            action_due_on_day="5",
            action_due_on_month="2",
            action_due_on_year="2027",
        ),
    )
    assert response.status_code == 400
    assert "Choose a person of the trust." in response.content.decode()


def test_closing_and_then_every_edit_is_refused(world: World) -> None:
    meeting = open_meeting(world)
    item = item_of(meeting, world.s1.pk)
    ceo = _client(world.person(Role.CEO))
    ceo.post(
        reverse("risk:meeting_item", args=[item.pk]),
        _form(item, agreed_category="A", category_reason="Strong."),
    )
    confirm = ceo.get(reverse("risk:meeting_close", args=[meeting.pk]))
    assert confirm.status_code == 200 and "Close the meeting" in confirm.content.decode()
    closed = ceo.post(reverse("risk:meeting_close", args=[meeting.pk]))
    assert closed.status_code == 302
    with scopes_disabled():
        item.refresh_from_db()
    late = ceo.post(reverse("risk:meeting_item", args=[item.pk]), _form(item, discussion="late"))
    assert late.status_code == 409
    with scopes_disabled():
        assert MeetingItem.objects.get(pk=item.pk).discussion == DISCUSSION
        assert MeetingItem.objects.get(pk=item.pk).school.category == "A"


def test_the_trustee_reads_the_summary_without_the_discussion(world: World) -> None:
    meeting = open_meeting(world)
    item = item_of(meeting, world.s1.pk)
    _client(world.person(Role.CEO)).post(
        reverse("risk:meeting_item", args=[item.pk]),
        _form(item, agreed_category="C", category_reason="MARKER-REASON"),
    )
    trustee = _client(world.person(Role.TRUSTEE))
    summary = trustee.get(reverse("risk:meeting_summary", args=[meeting.pk]))
    text = summary.content.decode()
    assert summary.status_code == 200 and world.s1.name in text
    assert DISCUSSION not in text and "MARKER-REASON" not in text
    assert trustee.get(reverse("risk:meeting_detail", args=[meeting.pk])).status_code == 404
    assert trustee.get(reverse("risk:meeting_item", args=[item.pk])).status_code == 404


def test_the_head_sees_the_category_and_actions_on_the_school_page_only(world: World) -> None:
    _meeting, action = closed_meeting_with_action(world)
    with scopes_disabled():
        category_set(
            school=world.s1,
            category="C",
            decided_on=dt.date(2026, 10, 15),
            reason="x",
            acting_user=None,
        )
    head = _client(world.person(Role.HEAD_TEACHER))
    page = head.get(reverse("schools:detail", args=[world.s1.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Category and remedial actions" in text and action.what in text
    assert head.get(reverse("risk:meetings")).status_code == 404
    assert world.south_head is not None
    other = _client(world.south_head).get(reverse("schools:detail", args=[world.s3.pk]))
    assert action.what not in other.content.decode()


def test_a_director_out_of_scope_edits_the_row_but_not_its_restricted_criterion(
    world: World,
) -> None:
    meeting = open_meeting(world)
    item = item_of(meeting, world.s3.pk)  # s3 is in c2, outside the director's c1
    url = reverse("risk:meeting_item", args=[item.pk])
    _client(world.person(Role.CEO)).post(
        url,
        _form(item, performance_management_level="high", performance_management_note=PM_MARKER),
    )
    assert world.year is not None
    with scopes_disabled():
        add_visit(world.s3, world.year, world.person(Role.CEO), on=dt.date(2026, 11, 23))
    director = _client(world.person(Role.QA_DIRECTOR))
    page = director.get(url).content.decode()
    assert PM_MARKER not in page and "performance_management_note" not in page
    assert HEAD_PM_MARKER not in page
    assert HEAD_PM_MARKER in _client(world.person(Role.CEO)).get(url).content.decode()
    with scopes_disabled():
        item.refresh_from_db()
    saved = director.post(url, _form(item, ofsted_level="medium", ofsted_note="Needs attention"))
    assert saved.status_code == 302
    with scopes_disabled():
        notes = dict(item.judgements.values_list("criterion", "note"))
    assert notes["performance_management"] == PM_MARKER and notes["ofsted"] == "Needs attention"


def test_the_meeting_page_reads_the_same_queries_for_more_schools(world: World) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import SchoolFactory

    meeting = open_meeting(world)
    url = reverse("risk:meeting_detail", args=[meeting.pk])
    client = _client(world.person(Role.CEO))
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    with scopes_disabled():
        for n in range(4):
            SchoolFactory(cluster=world.c2, name=f"Extra {n}")
    client.get(url)  # adds the new schools' rows
    with CaptureQueriesContext(connection) as many:
        page = client.get(url)
    assert "Extra 3" in page.content.decode()
    assert len(few) == len(many)


def test_next_half_terms_meeting_is_prepared_once_this_one_is_closed(world: World) -> None:
    meeting = open_meeting(world)
    ceo = _client(world.person(Role.CEO))
    early = ceo.post(reverse("risk:meeting_prepare_next"), follow=True)
    assert "Close this half-term" in early.content.decode()
    with scopes_disabled():
        assert not Meeting.objects.filter(trust=world.trust, half_term__number=3).exists()
    item = item_of(meeting, world.s1.pk)
    ceo.post(
        reverse("risk:meeting_item", args=[item.pk]),
        _form(
            item,
            action_what="MARKER-ACTION Reading leader to model phonics sessions",
            action_owner=world.person(Role.HEAD_TEACHER).pk,
            action_due_on_day="29",
            action_due_on_month="1",
            action_due_on_year="2027",
        ),
    )
    ceo.post(reverse("risk:meeting_close", args=[meeting.pk]))
    listing = ceo.get(reverse("risk:meetings")).content.decode()
    assert "Prepare the Spring 1" in listing
    response = ceo.post(reverse("risk:meeting_prepare_next"))
    with scopes_disabled():
        following = Meeting.objects.get(trust=world.trust, half_term__number=3)
    assert response.status_code == 302
    assert response["Location"] == reverse("risk:meeting_detail", args=[following.pk])
    agenda = ceo.get(response["Location"]).content.decode()
    assert "MARKER-ACTION Reading leader to model phonics sessions" in agenda
    again = ceo.post(reverse("risk:meeting_prepare_next"))
    assert again["Location"] == response["Location"]
    with scopes_disabled():
        assert Meeting.objects.filter(trust=world.trust, half_term__number=3).count() == 1


@pytest.mark.parametrize(
    ("role", "shown"),
    [(Role.CEO, True), (Role.QA_DIRECTOR, True), (Role.TRUSTEE, True), (Role.HEAD_TEACHER, False)],
)
def test_the_risk_menu_section(world: World, role: Role, shown: bool) -> None:
    page = _client(world.person(role)).get(reverse("home")).content.decode()
    assert (f'href="{reverse("risk:meetings")}"' in page) is shown
