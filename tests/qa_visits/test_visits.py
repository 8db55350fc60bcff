"""QA visit planning and logging (issue 4): the visits page, planning, the director's record with
autosave, submission and amendment, reading with restricted sections withheld, the head's response,
the school and cluster panels, history, and query counts."""

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django_scopes import scopes_disabled

from fht.models import Job, User
from fht.roles import Role
from qa_visits.cadence import cadence_weeks, next_visit_due
from qa_visits.models import Visit, VisitSection
from qa_visits.sections import SECTIONS, SectionKey
from returns.snapshot import school_data_snapshot
from schools.models import School
from schools.years import academic_year_for
from tests import work_after_commit
from tests.conftest import World
from tests.isap.world import add_plans
from tests.qa_visits.world import HEAD_PM_MARKER, STAFFING_MARKER, add_visit

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()


def _client(user: User | None) -> Client:
    client = Client()
    assert user is not None
    client.force_login(user)
    return client


def _date(prefix: str, value: dt.date | None) -> dict[str, str]:
    if value is None:
        return {f"{prefix}_day": "", f"{prefix}_month": "", f"{prefix}_year": ""}
    return {
        f"{prefix}_day": str(value.day),
        f"{prefix}_month": str(value.month),
        f"{prefix}_year": str(value.year),
    }


def _record(on: dt.date | None, **overrides: str) -> dict[str, Any]:
    """A complete visit record, as the form posts it."""
    data: dict[str, Any] = _date("visited_on", on)
    for section in SECTIONS:
        key = section.key.value
        if section.has_rag:
            data[f"{key}_rag"] = "green"
        data[f"{key}_notes"] = f"Notes on {section.title}."
    data["moderation_activities_present"] = "1"
    data["moderation_activities"] = ["learning_walk", "work_sampling"]
    data.update(overrides)
    return data


class _Renders:
    """The proforma renders that really ran (in-process, after commit) and finished."""

    def __len__(self) -> int:
        with scopes_disabled():
            return Job.objects.filter(kind="visit_proforma", status=Job.Status.DONE).count()


@pytest.fixture
def renders() -> _Renders:
    return _Renders()


def _in_scope(world: World) -> Any:
    from fht.tenancy import trust_scope

    return trust_scope(world.trust.pk)


# --- the due-date rule and the academic year ------------------------------------------------------


def test_due_date_rule(world: World) -> None:
    trust = world.trust
    assert cadence_weeks(trust=trust) == 6
    assert cadence_weeks(trust=trust, category="C") == 4
    assert next_visit_due(trust=trust, last_visited_on=None, today=TODAY) == TODAY
    last = dt.date(2026, 10, 6)
    assert next_visit_due(trust=trust, last_visited_on=last, today=TODAY) == dt.date(2026, 11, 17)
    assert next_visit_due(trust=trust, last_visited_on=last, today=TODAY, category="D") == (
        dt.date(2026, 11, 3)
    )


# The trust's weeks between visits, a different number for each category.
WEEKS = {"A": 6, "B": 5, "C": 4, "D": 3, None: 7}


def _categorise(world: World, category: str | None) -> None:
    """Set the school's category the way a later risk app will: on the school, nothing else."""
    with _in_scope(world):
        school = School.objects.get(pk=world.s1.pk)
        school.category = category
        school.save()


def _set_weeks(world: World) -> None:
    trust = world.trust
    trust.visit_weeks_sustain, trust.visit_weeks_improve = WEEKS["A"], WEEKS["B"]
    trust.visit_weeks_repair, trust.visit_weeks_stabilise = WEEKS["C"], WEEKS["D"]
    trust.visit_weeks_uncategorised = WEEKS[None]
    trust.save()


@pytest.mark.parametrize("category", ["A", "B", "C", "D", None])
def test_the_schools_category_sets_its_next_visit_due(world: World, category: str | None) -> None:
    _set_weeks(world)
    _categorise(world, category)
    last = dt.date(2026, 10, 6)  # Alder's last submitted visit (tests/qa_world.py)
    due = last + dt.timedelta(weeks=WEEKS[category])
    director = _client(world.person(Role.QA_DIRECTOR))
    rows = {r.name: r for r in director.get(reverse("qa_visits:plan_list")).context["rows"]}
    assert rows["Alder Primary"].last_visited_on == last
    assert rows["Alder Primary"].due_on == due
    page = director.get(reverse("schools:detail", args=[world.s1.pk])).content.decode()
    # The school page's visits panel: 'is due by' the date, or 'was due on' it once overdue.
    assert re.search(f"(is due by|was due on) {date_format(due, 'j F Y')}", page)


def test_changing_the_category_moves_the_due_date(world: World) -> None:
    _set_weeks(world)
    director = _client(world.person(Role.QA_DIRECTOR))

    def due() -> dt.date:
        rows = director.get(reverse("qa_visits:plan_list")).context["rows"]
        return next(r.due_on for r in rows if r.name == "Alder Primary")

    before = due()
    _categorise(world, "D")
    assert due() == before - dt.timedelta(weeks=WEEKS[None] - WEEKS["D"])
    _categorise(world, "A")
    assert due() == before - dt.timedelta(weeks=WEEKS[None] - WEEKS["A"])


def test_the_school_page_shows_the_category_in_words(world: World) -> None:
    url = reverse("schools:detail", args=[world.s1.pk])
    head = _client(world.person(Role.HEAD_TEACHER))
    assert "Not categorised" in head.get(url).content.decode()
    _categorise(world, "C")
    page = head.get(url).content.decode()
    assert "C Repair" in page and "Not categorised" not in page
    with _in_scope(world):
        assert [h.category for h in School.objects.get(pk=world.s1.pk).history.all()[:2]] == [
            "C",
            None,
        ]


def test_academic_year_is_found_from_the_date(world: World) -> None:
    with _in_scope(world):
        assert academic_year_for(trust_id=world.trust.pk, on=dt.date(2026, 10, 30)) == world.year
        assert academic_year_for(trust_id=world.trust.pk, on=dt.date(2027, 8, 10)) == world.year
        assert academic_year_for(trust_id=world.trust.pk, on=dt.date(2028, 1, 10)) is None
        assert academic_year_for(trust_id=world.trust.pk, on=dt.date(2026, 3, 1)) is None


# --- the visits page --------------------------------------------------------------------------------


def test_visits_page_lists_the_directors_schools_with_due_dates(world: World) -> None:
    add_plans(world)  # the lead practitioner's core-offer days at s1 count too
    response = _client(world.person(Role.QA_DIRECTOR)).get(reverse("qa_visits:plan_list"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Alder Primary" in body and "Birch Primary" in body
    assert "Cedar Primary" not in body  # s3 is in another director's cluster
    rows = {r.name: r for r in response.context["rows"]}
    s1 = rows["Alder Primary"]
    assert s1.last_visited_on == dt.date(2026, 10, 6)
    assert s1.next_planned_on == dt.date(2026, 11, 17)  # the draft
    assert s1.due_on == dt.date(2026, 11, 17)
    assert s1.overdue == (dt.date(2026, 11, 17) < timezone.localdate())
    birch = rows["Birch Primary"]
    assert birch.last_visited_on is None and birch.due_on == timezone.localdate()
    assert not birch.overdue
    if response.context["year"] == world.year:
        # Two visits of a day each, and the lead practitioner's two core-offer days of support
        # under the school's action plan (tests/isap/world.py).
        assert s1.days_used == Decimal("4.0") and s1.days_left == Decimal("2.0")
        assert birch.days_left == Decimal(6)


def test_visits_page_marks_overdue_in_words_and_filters(world: World) -> None:
    client = _client(world.person(Role.CEO))
    with _in_scope(world):
        add_visit(world.s2, world.year, world.person(Role.CEO), on=timezone.localdate())
    response = client.get(reverse("qa_visits:plan_list"), {"overdue": "1"})
    names = [r.name for r in response.context["rows"]]
    assert "Birch Primary" not in names  # visited today
    if dt.date(2026, 11, 17) < timezone.localdate():
        assert "Alder Primary" in names
        assert "Overdue</strong>" in response.content.decode()
    response = client.get(reverse("qa_visits:plan_list"), {"cluster": world.c2.pk})
    assert [r.name for r in response.context["rows"]] == ["Cedar Primary"]
    response = client.get(reverse("qa_visits:plan_list"), {"q": "birch"})
    assert [r.name for r in response.context["rows"]] == ["Birch Primary"]


def test_visits_page_sorts_and_downloads_csv(world: World) -> None:
    client = _client(world.person(Role.CEO))
    response = client.get(reverse("qa_visits:plan_list"), {"sort": "name", "dir": "desc"})
    names = [r.name for r in response.context["rows"]]
    assert names == sorted(names, reverse=True)
    response = client.get(reverse("qa_visits:plan_list"), {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith(
        "School,Cluster,Category,Last visit,Next planned,Due,Overdue"
    )
    assert "Alder Primary" in text and "Driftwood" not in text


def test_visits_page_shows_each_schools_category_in_words(world: World) -> None:
    _categorise(world, "C")
    client = _client(world.person(Role.CEO))
    body = client.get(reverse("qa_visits:plan_list")).content.decode()
    alder = body[body.index("Alder Primary") :]
    assert "C Repair" in alder[: alder.index("</tr>")]
    birch = body[body.index("Birch Primary") :]
    assert "Not categorised" in birch[: birch.index("</tr>")]
    response = client.get(reverse("qa_visits:plan_list"), {"format": "csv", "sort": "category"})
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[1].startswith("Alder Primary,North cluster,C \N{EN DASH} Repair,")


@pytest.mark.parametrize("role", [Role.GOVERNOR, Role.HEAD_TEACHER, Role.TRUSTEE, Role.TRUST_ADMIN])
def test_visits_page_is_for_planners_only(world: World, role: Role) -> None:
    assert _client(world.person(role)).get(reverse("qa_visits:plan_list")).status_code == 403


# --- planning, rescheduling, cancelling -------------------------------------------------------------


def test_director_plans_a_visit(world: World) -> None:
    director = world.person(Role.QA_DIRECTOR)
    on = dt.date(2027, 1, 12)
    response = _client(director).post(
        reverse("qa_visits:plan", args=[world.s2.pk]),
        {**_date("planned_for", on), "days": "1.5", "purpose": "Reading", "director": director.pk},
    )
    assert response.status_code == 302
    with scopes_disabled():
        visit = Visit.objects.get(school=world.s2)
    assert visit.status == Visit.Status.PLANNED
    assert visit.academic_year == world.year
    assert visit.days == Decimal("1.5") and visit.director == director
    assert response["Location"] == reverse("qa_visits:detail", args=[visit.pk])


def test_planning_outside_any_academic_year_is_a_field_error(world: World) -> None:
    director = world.person(Role.QA_DIRECTOR)
    response = _client(director).post(
        reverse("qa_visits:plan", args=[world.s2.pk]),
        {**_date("planned_for", dt.date(2030, 1, 8)), "days": "1", "director": director.pk},
    )
    assert response.status_code == 400
    assert "is not in any of the trust" in str(response.context["form"].errors["planned_for"])
    with scopes_disabled():
        assert not Visit.objects.filter(school=world.s2).exists()


def test_planning_refuses_bad_days_and_someone_who_does_not_visit(world: World) -> None:
    response = _client(world.person(Role.CEO)).post(
        reverse("qa_visits:plan", args=[world.s2.pk]),
        {
            **_date("planned_for", dt.date(2027, 1, 12)),
            "days": "7",
            "director": world.person(Role.GOVERNOR).pk,
        },
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert "days" in form.errors and "director" in form.errors


def test_director_cannot_plan_for_another_clusters_school(world: World) -> None:
    client = _client(world.person(Role.QA_DIRECTOR))
    assert client.get(reverse("qa_visits:plan", args=[world.s3.pk])).status_code == 404


def test_reschedule_and_cancel_a_planned_visit(world: World) -> None:
    add_plans(world)  # two core-offer days of support at s1, under its action plan
    director = world.person(Role.QA_DIRECTOR)
    client = _client(director)
    draft = world.draft_visit
    assert draft is not None
    response = client.post(
        reverse("qa_visits:reschedule", args=[draft.pk]),
        {**_date("planned_for", dt.date(2026, 12, 1)), "days": "1", "director": director.pk},
    )
    assert response.status_code == 302
    with scopes_disabled():
        draft.refresh_from_db()
    assert draft.planned_for == dt.date(2026, 12, 1)
    assert client.get(reverse("qa_visits:cancel", args=[draft.pk])).status_code == 200
    assert client.post(reverse("qa_visits:cancel", args=[draft.pk])).status_code == 302
    with scopes_disabled():
        draft.refresh_from_db()
    assert draft.status == Visit.Status.CANCELLED
    # A cancelled visit's days go back to the school (the submitted visit's day and the two
    # days of support deployed from the core offer stay).
    response = client.get(reverse("qa_visits:plan_list"))
    s1 = next(r for r in response.context["rows"] if r.name == "Alder Primary")
    if response.context["year"] == world.year:
        assert s1.days_used == Decimal("3.0")


def test_a_submitted_visit_cannot_be_cancelled(world: World) -> None:
    assert world.visit is not None
    client = _client(world.person(Role.CEO))
    assert client.post(reverse("qa_visits:cancel", args=[world.visit.pk])).status_code == 302
    with scopes_disabled():
        world.visit.refresh_from_db()
    assert world.visit.status == Visit.Status.SUBMITTED


# --- the cadence -----------------------------------------------------------------------------------


def test_cadence_page_changes_the_weeks(world: World) -> None:
    client = _client(world.person(Role.TRUST_ADMIN))
    data = {
        "visit_weeks_sustain": "6",
        "visit_weeks_improve": "6",
        "visit_weeks_repair": "4",
        "visit_weeks_stabilise": "3",
        "visit_weeks_uncategorised": "5",
    }
    assert client.post(reverse("qa_visits:cadence"), data).status_code == 302
    world.trust.refresh_from_db()
    assert world.trust.visit_weeks_uncategorised == 5
    assert world.trust.visit_weeks_stabilise == 3
    response = client.post(reverse("qa_visits:cadence"), {**data, "visit_weeks_repair": "0"})
    assert response.status_code == 400
    assert "whole number from 1 to 52" in response.content.decode()
    assert _client(world.person(Role.GOVERNOR)).get(reverse("qa_visits:cadence")).status_code == 403


# --- writing: drafts, autosave, a refused submission -----------------------------------------------


def test_autosave_saves_the_draft_and_answers_a_status(world: World) -> None:
    draft = world.draft_visit
    assert draft is not None
    client = _client(world.person(Role.QA_DIRECTOR))
    response = client.post(
        reverse("qa_visits:autosave", args=[draft.pk]),
        {
            **_date("visited_on", dt.date(2026, 11, 17)),
            "teaching_notes": "Phonics strong in Year 1.",
            "teaching_rag": "green",
        },
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert response.content.decode().strip().startswith("Draft saved at")
    with scopes_disabled():
        row = VisitSection.objects.get(visit=draft, key=SectionKey.TEACHING)
        draft.refresh_from_db()
        assert row.history.count() == 1  # the row's creation: drafts add no history as they go
    assert row.notes == "Phonics strong in Year 1." and row.rag == "green"
    assert draft.draft_saved_at is not None
    # Fields not sent (say, a radio group left alone) keep what was saved.
    with scopes_disabled():
        other = VisitSection.objects.get(visit=draft, key=SectionKey.EXCLUSIONS)
    assert other.rag == "amber"


def test_autosave_keeps_going_when_the_date_is_half_typed(world: World) -> None:
    draft = world.draft_visit
    assert draft is not None
    response = _client(world.person(Role.QA_DIRECTOR)).post(
        reverse("qa_visits:autosave", args=[draft.pk]),
        {
            "visited_on_day": "3",
            "visited_on_month": "",
            "visited_on_year": "",
            "strengths_notes": "x",
        },
    )
    assert response.status_code == 200
    assert "not saved until it is a real date" in response.content.decode()
    with scopes_disabled():
        assert VisitSection.objects.get(visit=draft, key=SectionKey.STRENGTHS).notes == "x"


def test_autosave_refuses_a_submitted_visit(world: World) -> None:
    assert world.visit is not None
    response = _client(world.person(Role.QA_DIRECTOR)).post(
        reverse("qa_visits:autosave", args=[world.visit.pk]), _record(dt.date(2026, 10, 6))
    )
    assert response.status_code == 409
    with scopes_disabled():
        row = VisitSection.objects.get(visit=world.visit, key=SectionKey.STAFFING)
    assert row.notes == STAFFING_MARKER


def test_log_page_has_every_section_and_the_latest_data(world: World) -> None:
    draft = world.draft_visit
    assert draft is not None
    response = _client(world.person(Role.QA_DIRECTOR)).get(
        reverse("qa_visits:log", args=[draft.pk])
    )
    assert response.status_code == 200
    body = response.content.decode()
    for section in SECTIONS:
        assert section.title in body.replace("&#x27;", "'")
    assert body.count('class="govuk-radios__input"') == 3 * sum(s.has_rag for s in SECTIONS)
    assert 'name="moderation_activities"' in body
    assert 'hx-post="' + reverse("qa_visits:autosave", args=[draft.pk]) in body
    assert 'aria-live="polite"' in body
    assert "Latest data return: Autumn 1 2026/27" in body  # the data discussion's table
    assert 'alt="Bar chart' in body
    assert "js/visits.js" in body


def test_save_draft_without_javascript(world: World) -> None:
    draft = world.draft_visit
    assert draft is not None
    data = {
        **_date("visited_on", dt.date(2026, 11, 17)),
        "strengths_notes": "Calm corridors.",
        "action": "save",
    }
    response = _client(world.person(Role.QA_DIRECTOR)).post(
        reverse("qa_visits:log", args=[draft.pk]), data
    )
    assert response.status_code == 302
    with scopes_disabled():
        draft.refresh_from_db()
        assert (
            VisitSection.objects.get(visit=draft, key=SectionKey.STRENGTHS).notes
            == "Calm corridors."
        )
    assert draft.status == Visit.Status.DRAFT and draft.visited_on == dt.date(2026, 11, 17)


def test_a_refused_submission_keeps_and_saves_everything_typed(
    world: World, renders: _Renders
) -> None:
    draft = world.draft_visit
    assert draft is not None
    data = _record(
        dt.date(2026, 11, 17),
        teaching_rag="",
        next_steps_notes="   ",
        strengths_notes="Reading for pleasure is a strength.",
        action="submit",
    )
    del data["teaching_rag"]
    with scopes_disabled():
        VisitSection.objects.filter(visit=draft, key=SectionKey.TEACHING).update(rag="")
    response = _client(world.person(Role.QA_DIRECTOR)).post(
        reverse("qa_visits:log", args=[draft.pk]), data
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Reading for pleasure is a strength." in body
    assert (
        'id="id_teaching_rag_error"' in body
        and "Choose a judgement for quality of teaching" in body
    )
    assert 'id="id_next_steps_notes_error"' in body and "Enter the agreed next steps." in body
    assert 'href="#id_teaching_rag_0"' in body  # the summary links to the field
    with scopes_disabled():
        draft.refresh_from_db()
        saved = VisitSection.objects.get(visit=draft, key=SectionKey.STRENGTHS).notes
    assert saved == "Reading for pleasure is a strength."
    assert draft.status == Visit.Status.DRAFT and draft.version == 0
    assert not renders


def test_a_visit_date_in_the_future_is_refused(world: World, renders: _Renders) -> None:
    draft = world.draft_visit
    assert draft is not None
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = _client(world.person(Role.QA_DIRECTOR)).post(
        reverse("qa_visits:log", args=[draft.pk]), _record(tomorrow, action="submit")
    )
    assert response.status_code == 400
    assert "must be today or earlier" in str(response.context["form"].errors["visited_on"])


# --- submitting and amending -------------------------------------------------------------------------


def _submit_draft(world: World, django_capture_on_commit_callbacks: Any) -> Visit:
    draft = world.draft_visit
    assert draft is not None
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = _client(world.person(Role.QA_DIRECTOR)).post(
            reverse("qa_visits:log", args=[draft.pk]),
            _record(dt.date(2026, 11, 17), action="submit"),
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert callbacks
    with scopes_disabled():
        draft.refresh_from_db()
    return draft


def test_submit_freezes_the_snapshot_and_emails_the_heads_once(
    world: World, django_capture_on_commit_callbacks: Any, renders: _Renders
) -> None:
    mail.outbox.clear()
    visit = _submit_draft(world, django_capture_on_commit_callbacks)
    assert visit.status == Visit.Status.SUBMITTED and visit.version == 1
    assert visit.submitted_by == world.person(Role.QA_DIRECTOR) and visit.submitted_at
    assert visit.proforma_job_id is not None and len(renders) == 1
    with scopes_disabled():
        assert visit.snapshot == school_data_snapshot(school=world.s1, as_of=dt.date(2026, 11, 17))
        activities = VisitSection.objects.get(visit=visit, key=SectionKey.MODERATION).activities
    assert activities == ["learning_walk", "work_sampling"]
    heads = {world.person(Role.HEAD_TEACHER).email, world.person(Role.EXECUTIVE_HEAD).email}
    assert sorted(m.to[0] for m in mail.outbox) == sorted(heads)  # one email each
    message = mail.outbox[0]
    assert "Alder Primary" in message.subject
    assert f"/visits/{visit.pk}/" in message.body
    assert STAFFING_MARKER not in message.body and "Notes on" not in message.body
    # Later changes to the school's data do not change what the visit froze.
    frozen = visit.snapshot
    assert world.data_return is not None
    with scopes_disabled():
        world.data_return.attendance = Decimal("80.0")
        world.data_return.save()
        visit.refresh_from_db()
    assert visit.snapshot == frozen
    assert frozen["termly"]["headline"][0]["value"] == 95.2


def test_no_email_before_the_transaction_commits(
    world: World, django_capture_on_commit_callbacks: Any, renders: _Renders
) -> None:
    draft = world.draft_visit
    assert draft is not None
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _client(world.person(Role.QA_DIRECTOR)).post(
            reverse("qa_visits:log", args=[draft.pk]),
            _record(dt.date(2026, 11, 17), action="submit"),
        )
    work = work_after_commit(callbacks)
    assert mail.outbox == [] and len(work) == 2  # the email and the proforma render
    for callback in work:
        callback()
    assert len(mail.outbox) == 2 and len(renders) == 1


def test_amending_raises_the_version_and_keeps_the_snapshot(
    world: World, django_capture_on_commit_callbacks: Any, renders: _Renders
) -> None:
    visit = world.visit
    assert visit is not None
    frozen = visit.snapshot
    mail.outbox.clear()
    client = _client(world.person(Role.QA_DIRECTOR))
    assert client.get(reverse("qa_visits:log", args=[visit.pk])).status_code == 200
    data = _record(dt.date(2026, 10, 6), teaching_rag="red", action="submit")
    data["staffing_notes"] = STAFFING_MARKER + " Amended."
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("qa_visits:log", args=[visit.pk]), data)
    assert response.status_code == 302
    with scopes_disabled():
        visit.refresh_from_db()
        teaching = VisitSection.objects.get(visit=visit, key=SectionKey.TEACHING)
    assert visit.version == 2 and visit.amended_at is not None
    assert visit.snapshot == frozen
    assert teaching.rag == "red"
    assert len(renders) == 1
    assert mail.outbox == []  # the heads were told when it was submitted
    # Writers see what changed.
    page = client.get(reverse("qa_visits:detail", args=[visit.pk])).content.decode()
    assert "Quality of teaching: judgement changed from Amber to Red" in page
    assert "Amended (version 2)" in page


def test_a_refused_amendment_changes_nothing(world: World, renders: _Renders) -> None:
    visit = world.visit
    assert visit is not None
    data = _record(
        dt.date(2026, 10, 6), strengths_notes="", teaching_notes="Changed", action="submit"
    )
    response = _client(world.person(Role.CEO)).post(reverse("qa_visits:log", args=[visit.pk]), data)
    assert response.status_code == 400
    assert "Changed" in response.content.decode()
    with scopes_disabled():
        visit.refresh_from_db()
        assert VisitSection.objects.get(visit=visit, key=SectionKey.TEACHING).notes != "Changed"
    assert visit.version == 1 and not renders


# --- reading --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role", [Role.GOVERNOR, Role.CHAIR_OF_GOVERNORS, Role.TRUSTEE, Role.LEAD_PRACTITIONER]
)
def test_readers_see_no_restricted_section_and_no_edit_controls(world: World, role: Role) -> None:
    assert world.visit is not None
    response = _client(world.person(role)).get(reverse("qa_visits:detail", args=[world.visit.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert STAFFING_MARKER not in body and HEAD_PM_MARKER not in body
    assert "Staffing and wellbeing" not in body
    assert "Quality of teaching" in body and "govuk-tag--orange" in body  # amber, in words too
    for name in ("qa_visits:log", "qa_visits:reschedule", "qa_visits:cancel", "qa_visits:response"):
        assert reverse(name, args=[world.visit.pk]) not in body
    assert "Changes to this visit" not in body
    assert response.context["data"].tables  # the frozen data


def test_head_sees_staffing_but_never_their_own_performance_management(world: World) -> None:
    assert world.visit is not None
    response = _client(world.person(Role.HEAD_TEACHER)).get(
        reverse("qa_visits:detail", args=[world.visit.pk])
    )
    body = response.content.decode()
    assert STAFFING_MARKER in body
    assert HEAD_PM_MARKER not in body and "Head teacher performance management" not in body
    assert reverse("qa_visits:response", args=[world.visit.pk]) in body
    assert reverse("qa_visits:log", args=[world.visit.pk]) not in body


def test_director_sees_every_section_and_the_history(world: World) -> None:
    assert world.visit is not None
    body = (
        _client(world.person(Role.QA_DIRECTOR))
        .get(reverse("qa_visits:detail", args=[world.visit.pk]))
        .content.decode()
    )
    assert STAFFING_MARKER in body and HEAD_PM_MARKER in body
    assert "Changes to this visit" in body
    assert reverse("qa_visits:log", args=[world.visit.pk]) in body


def test_head_of_another_school_and_other_trust_get_404(world: World) -> None:
    assert world.visit is not None and world.other_visit is not None
    url = reverse("qa_visits:detail", args=[world.visit.pk])
    assert _client(world.south_head).get(url).status_code == 404
    assert _client(world.other_ceo).get(url).status_code == 404
    other = reverse("qa_visits:detail", args=[world.other_visit.pk])
    assert _client(world.person(Role.CEO)).get(other).status_code == 404


def test_readers_cannot_see_drafts(world: World) -> None:
    assert world.draft_visit is not None
    url = reverse("qa_visits:detail", args=[world.draft_visit.pk])
    assert _client(world.person(Role.GOVERNOR)).get(url).status_code == 404
    assert _client(world.person(Role.HEAD_TEACHER)).get(url).status_code == 404
    assert _client(world.person(Role.QA_DIRECTOR)).get(url).status_code == 200


@pytest.mark.parametrize("role", [Role.GOVERNOR, Role.HEAD_TEACHER, Role.TRUSTEE])
def test_read_only_roles_cannot_write(world: World, role: Role) -> None:
    assert world.draft_visit is not None and world.visit is not None
    client = _client(world.person(role))
    for visit in (world.visit, world.draft_visit):
        assert (
            client.post(reverse("qa_visits:log", args=[visit.pk]), _record(TODAY)).status_code
            == 404
        )
        assert client.post(reverse("qa_visits:autosave", args=[visit.pk]), {}).status_code == 404
        assert client.post(reverse("qa_visits:cancel", args=[visit.pk])).status_code == 404
    assert client.post(reverse("qa_visits:plan", args=[world.s1.pk]), {}).status_code == 404
    with scopes_disabled():
        world.draft_visit.refresh_from_db()
    assert world.draft_visit.status == Visit.Status.DRAFT


# --- the head's factual-accuracy response ----------------------------------------------------------


def test_head_adds_and_edits_a_factual_accuracy_response(world: World) -> None:
    visit = world.visit
    assert visit is not None
    head = world.person(Role.HEAD_TEACHER)
    client = _client(head)
    url = reverse("qa_visits:response", args=[visit.pk])
    assert client.post(url, {"response": ""}).status_code == 400
    assert client.post(url, {"response": "Attendance was 95.4%, not 95.2%."}).status_code == 302
    assert client.post(url, {"response": "Attendance was 95.4%."}).status_code == 302
    with scopes_disabled():
        visit.refresh_from_db()
    assert visit.head_response == "Attendance was 95.4%."
    assert visit.head_responded_by == head
    page = _client(world.person(Role.GOVERNOR)).get(reverse("qa_visits:detail", args=[visit.pk]))
    assert "Attendance was 95.4%." in page.content.decode()
    assert _client(world.person(Role.GOVERNOR)).post(url, {"response": "x"}).status_code == 404
    assert _client(world.person(Role.QA_DIRECTOR)).get(url).status_code == 404


def test_no_response_to_a_draft(world: World) -> None:
    assert world.draft_visit is not None
    url = reverse("qa_visits:response", args=[world.draft_visit.pk])
    assert _client(world.person(Role.CEO)).get(url).status_code == 404


# --- the school and cluster pages ------------------------------------------------------------------


def test_school_panel_for_readers_and_writers(world: World) -> None:
    assert world.visit is not None and world.draft_visit is not None
    url = reverse("schools:detail", args=[world.s1.pk])
    governor = _client(world.person(Role.GOVERNOR)).get(url).content.decode()
    assert reverse("qa_visits:detail", args=[world.visit.pk]) in governor
    assert reverse("qa_visits:detail", args=[world.draft_visit.pk]) not in governor
    assert reverse("qa_visits:plan", args=[world.s1.pk]) not in governor
    assert STAFFING_MARKER not in governor and HEAD_PM_MARKER not in governor
    assert "10 amber" in governor  # the ten unrestricted RAG sections, in words
    director = _client(world.person(Role.QA_DIRECTOR)).get(url).content.decode()
    assert reverse("qa_visits:detail", args=[world.draft_visit.pk]) in director
    assert reverse("qa_visits:plan", args=[world.s1.pk]) in director
    assert "12 amber" in director
    # The proforma column: not made yet for the fixture's visit; a link once it has a job.
    pdf = reverse("qa_visits:proforma_download", args=[world.visit.pk])
    assert "Not made yet" in governor and pdf not in governor
    with scopes_disabled():
        job = Job.objects.create(trust=world.trust, kind="visit_proforma", object_id=world.visit.pk)
        Visit.objects.filter(pk=world.visit.pk).update(proforma_job=job)
    assert pdf in _client(world.person(Role.GOVERNOR)).get(url).content.decode()


def test_school_panel_empty_state(world: World) -> None:
    body = _client(world.person(Role.CEO)).get(reverse("schools:detail", args=[world.s2.pk]))
    text = body.content.decode()
    assert "No QA visit has been planned or recorded for this school yet." in text
    assert "a visit is due now" in text


def test_cluster_panel_compares_schools_without_restricted_sections(world: World) -> None:
    with scopes_disabled():
        add_visit(world.s2, world.year, world.person(Role.QA_DIRECTOR), on=dt.date(2026, 10, 13))
    url = reverse("schools:clusters:detail", args=[world.c1.pk])
    body = _client(world.person(Role.CEO)).get(url).content.decode()
    assert "Latest QA visits side by side" in body
    assert "Alder Primary" in body and "Birch Primary" in body
    assert "Staffing and wellbeing" not in body.split("Latest QA visits side by side")[1]
    assert STAFFING_MARKER not in body and HEAD_PM_MARKER not in body
    assert "95.2%" in body  # attendance from the frozen snapshot
    # A governor of s1 compares the cluster's schools for the LGB cluster meeting: s2's
    # unrestricted judgements and figures too, but s2's visit record stays closed to them.
    governor = _client(world.person(Role.GOVERNOR)).get(url).content.decode()
    panel = governor.split("Latest QA visits side by side")[1]
    assert "Alder Primary" in panel and "Birch Primary" in panel
    assert STAFFING_MARKER not in governor and HEAD_PM_MARKER not in governor
    with scopes_disabled():
        s1_visit = Visit.objects.filter(school=world.s1, status="submitted").latest("visited_on")
        s2_visit = Visit.objects.get(school=world.s2)
    assert reverse("qa_visits:detail", args=[s1_visit.pk]) in panel
    assert reverse("qa_visits:detail", args=[s2_visit.pk]) not in panel
    # Another cluster's schools are not compared here, and a lead practitioner (no cluster
    # view) gets no cluster page at all.
    assert "Cedar Primary" not in panel
    lead = _client(world.person(Role.LEAD_PRACTITIONER)).get(url)
    assert lead.status_code == 404


# --- query counts --------------------------------------------------------------------------------------


def _add_visits(world: World, count: int) -> None:
    with scopes_disabled():
        for i in range(count):
            school = world.s2 if i % 2 else world.s1
            add_visit(
                school,
                world.year,
                world.person(Role.QA_DIRECTOR),
                on=dt.date(2026, 9, 7) + dt.timedelta(days=i),
            )


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "name", ["qa_visits:plan_list", "schools:detail", "schools:clusters:detail"]
)
def test_query_counts_do_not_grow_with_visits(world: World, name: str) -> None:
    args = {"schools:detail": [world.s1.pk], "schools:clusters:detail": [world.c1.pk]}.get(name, [])
    url = reverse(name, args=args)
    client = _client(world.person(Role.QA_DIRECTOR))
    _add_visits(world, 1)
    few = _queries(client, url)
    _add_visits(world, 17)
    assert _queries(client, url) == few


def test_visits_list_query_budget(world: World, django_assert_max_num_queries: Any) -> None:
    _add_visits(world, 20)
    client = _client(world.person(Role.QA_DIRECTOR))
    client.get(reverse("qa_visits:plan_list"))  # warm the session
    with django_assert_max_num_queries(14):
        response = client.get(reverse("qa_visits:plan_list"))
    # The budget holds for the page the director should see: their cluster's two schools.
    assert response.status_code == 200
    rows = {r.name: r for r in response.context["rows"]}
    assert set(rows) == {"Alder Primary", "Birch Primary"}
    body = response.content.decode()
    assert "Cedar Primary" not in body and "Driftwood Primary" not in body
    if response.context["year"] == world.year:
        assert rows["Alder Primary"].last_visited_on == dt.date(2026, 10, 6)  # the world's
        assert rows["Birch Primary"].last_visited_on == dt.date(2026, 9, 26)  # the 20th added


@pytest.mark.parametrize(
    ("name", "role", "budget"),
    [
        # The visit page: 2 of them for the panel of actions recorded on the plan (isap).
        ("qa_visits:detail", Role.QA_DIRECTOR, 15),
        ("qa_visits:detail", Role.GOVERNOR, 14),
        ("qa_visits:log", Role.QA_DIRECTOR, 10),
    ],
)
def test_visit_pages_query_budget(world: World, name: str, role: Role, budget: int) -> None:
    """The visit record and its page: a fixed number of queries, however much it holds and
    however long its history."""
    assert world.visit is not None
    url = reverse(name, args=[world.visit.pk])
    client = _client(world.person(role))
    first = _queries(client, url)
    with scopes_disabled():  # a longer history: every section edited again
        for row in VisitSection.objects.filter(visit=world.visit):
            row.notes += " More."
            row.save()
    assert _queries(client, url) == first <= budget


def test_a_page_opened_before_another_submission_cannot_overwrite_it(
    world: World, django_capture_on_commit_callbacks: Any, renders: _Renders
) -> None:
    """Two tabs (or two people) open the draft; the first submits; the second is refused, with
    what it typed kept on the page, and the first submission stands."""
    draft = world.draft_visit
    assert draft is not None
    client = _client(world.person(Role.QA_DIRECTOR))
    url = reverse("qa_visits:log", args=[draft.pk])
    first = _record(dt.date(2026, 11, 17), action="submit", version="0")
    first["strengths_notes"] = "Strengths as submitted in the first tab."
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, first).status_code == 302
    stale = _record(dt.date(2026, 11, 17), action="submit", version="0")
    stale["strengths_notes"] = "Older text from the second tab."
    response = client.post(url, stale)
    assert response.status_code == 400
    body = response.content.decode()
    assert "submitted or amended somewhere else" in body
    assert "Older text from the second tab." in body  # what was typed is not lost
    with scopes_disabled():
        draft.refresh_from_db()
        notes = VisitSection.objects.get(visit=draft, key="strengths").notes
    assert draft.version == 1
    assert notes == "Strengths as submitted in the first tab."
    # Opened afresh (at version 1), the amendment goes through.
    fresh = _record(dt.date(2026, 11, 17), action="submit", version="1")
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, fresh).status_code == 302


def test_a_closed_school_gets_no_new_visits(world: World) -> None:
    with scopes_disabled():
        School.objects.filter(pk=world.s2.pk).update(closed_on=dt.date(2026, 8, 31))
    client = _client(world.person(Role.QA_DIRECTOR))
    assert client.get(reverse("qa_visits:plan", args=[world.s2.pk])).status_code == 404
    assert client.get(reverse("qa_visits:plan", args=[world.s1.pk])).status_code == 200
