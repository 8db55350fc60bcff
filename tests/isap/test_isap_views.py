"""The action plan's pages, as the issue's acceptance walks them: the head updates an action with a
note and evidence and the director sees it; the director adds a priority from the last visit's next
steps and deploys a lead practitioner from the core offer; all three sign; a governor reads with no
edit controls; another school's head gets 404. Also bad input, concurrent edits and query counts."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from fht.models import User
from fht.roles import Role
from fht.tenancy import trust_scope
from isap import selectors
from isap.models import Action, Deployment, Plan, Priority, ProgressNote, Signature, Source
from people.services import permissions_sync, role_assign
from qa_visits.models import VisitSection
from qa_visits.sections import SectionKey
from tests.conftest import World

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def client_for(user: User | None) -> Client:
    client = Client()
    assert user is not None
    client.force_login(user)
    return client


def _action(world: World) -> Action:
    with scopes_disabled():
        return Action.objects.get(priority__plan=world.plan)


def _date(prefix: str, day: dt.date) -> dict[str, str]:
    return {
        f"{prefix}_day": str(day.day),
        f"{prefix}_month": str(day.month),
        f"{prefix}_year": str(day.year),
    }


def test_head_updates_an_action_with_a_note_and_evidence_and_the_director_sees_it(
    world: World,
) -> None:
    assert world.plan
    action = _action(world)
    head = client_for(world.person(Role.HEAD_TEACHER))
    today = dt.date.today()
    response = head.post(
        reverse("isap:action_note", kwargs={"action_id": action.pk}),
        {
            **_date("written_on", today),
            "text": "MARK-NOTE All KS1 staff now trained; phonics audit attached.",
            "evidence_file": SimpleUploadedFile("audit.pdf", PDF, "application/pdf"),
        },
    )
    assert response.status_code == 302
    response = head.post(
        reverse("isap:action_edit", kwargs={"action_id": action.pk}),
        {"status": "completed", "school_impact": "MARK-IMPACT Phonics check up", "version": 1},
    )
    assert response.status_code == 302
    with scopes_disabled():
        action.refresh_from_db()
        note = ProgressNote.objects.get(text__startswith="MARK-NOTE")
    assert action.status == "completed" and action.school_impact.startswith("MARK-IMPACT")
    assert note.author == world.person(Role.HEAD_TEACHER) and note.evidence_name == "audit.pdf"

    director = client_for(world.person(Role.QA_DIRECTOR))
    page = director.get(reverse("isap:plan", kwargs={"plan_id": world.plan.pk})).content.decode()
    assert "MARK-NOTE" in page and "Completed" in page
    detail = director.get(reverse("isap:action", kwargs={"action_id": action.pk})).content.decode()
    assert "MARK-IMPACT" in detail and "audit.pdf" in detail
    evidence = director.get(reverse("isap:evidence", kwargs={"note_id": note.pk}))
    assert evidence.status_code == 200 and b"".join(evidence.streaming_content) == PDF
    assert "attachment" in evidence["Content-Disposition"]


def test_head_cannot_change_the_rag_or_what_the_action_is(world: World) -> None:
    action = _action(world)
    head = client_for(world.person(Role.HEAD_TEACHER))
    page = head.get(reverse("isap:action_edit", kwargs={"action_id": action.pk})).content.decode()
    assert 'name="rag"' not in page and 'name="what"' not in page
    head.post(
        reverse("isap:action_edit", kwargs={"action_id": action.pk}),
        {"status": "in_progress", "rag": "green", "what": "Other", "version": 1},
    )
    with scopes_disabled():
        action.refresh_from_db()
    assert action.rag == "amber" and action.what.startswith("Train")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.pdf", b"MZ\x90\x00 not a pdf", "is not a real PDF, Word, Excel"),
        ("script.exe", b"MZ\x90\x00", "is not a real PDF, Word, Excel"),
        ("huge.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024), "upload at most 10 MB"),
    ],
)
def test_evidence_of_the_wrong_type_or_size_is_refused_and_nothing_is_written(
    world: World, name: str, content: bytes, message: str
) -> None:
    action = _action(world)
    head = client_for(world.person(Role.HEAD_TEACHER))
    with scopes_disabled():
        before = ProgressNote.objects.count()
    response = head.post(
        reverse("isap:action_note", kwargs={"action_id": action.pk}),
        {
            **_date("written_on", dt.date.today()),
            "text": "Typed text kept",
            "evidence_file": SimpleUploadedFile(name, content),
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body and "Typed text kept" in body and 'href="#id_evidence_file"' in body
    with scopes_disabled():
        assert ProgressNote.objects.count() == before


def test_director_adds_a_priority_from_the_last_visits_next_steps(world: World) -> None:
    assert world.plan and world.visit
    with scopes_disabled():
        VisitSection.objects.filter(visit=world.visit, key=SectionKey.NEXT_STEPS).update(
            notes="MARK-STEPS Embed the writing sequence in Years 5 and 6."
        )
    director = client_for(world.person(Role.QA_DIRECTOR))
    url = reverse("isap:priority_add", kwargs={"plan_id": world.plan.pk}) + "?from=visit"
    page = director.get(url).content.decode()
    assert "MARK-STEPS" in page
    assert f'<option value="{world.visit.pk}" selected>' in page
    response = director.post(
        url,
        {
            "title": "Writing at the end of KS2",
            "source": "qa_visit",
            "source_visit": world.visit.pk,
            "status": "open",
        },
    )
    assert response.status_code == 302
    with scopes_disabled():
        priority = Priority.objects.get(plan=world.plan, title="Writing at the end of KS2")
    assert priority.number == 2 and priority.source == Source.QA_VISIT
    assert priority.source_visit == world.visit
    assert priority.history.get().history_user == world.person(Role.QA_DIRECTOR)


def test_deploying_a_lead_practitioner_from_the_core_offer_lowers_the_days_left(
    world: World,
) -> None:
    assert world.plan
    director = client_for(world.person(Role.QA_DIRECTOR))
    plan_url = reverse("isap:plan", kwargs={"plan_id": world.plan.pk})
    # Six a year: two visits (1 day each) and the lead practitioner's two days already.
    assert "2</span> core-offer days left" in director.get(plan_url).content.decode()
    with scopes_disabled():
        priority = Priority.objects.get(plan=world.plan)
    lp = world.person(Role.LEAD_PRACTITIONER)
    response = director.post(
        reverse("isap:deployment_add", kwargs={"priority_id": priority.pk}),
        {
            "provider": "lead_practitioner",
            "person": lp.pk,
            "days": "2",
            "cost": "0",
            "funder": "core_offer",
            **_date("starts_on", dt.date(2026, 11, 30)),
            "desired_outcome": "Phonics lessons follow the scheme in Year 2.",
        },
    )
    assert response.status_code == 302
    page = director.get(plan_url).content.decode()
    assert "0</span> core-offer days left" in page
    with scopes_disabled():
        assert Deployment.objects.filter(priority=priority, person=lp).count() == 2


def test_the_three_signatories_sign_and_the_plan_is_agreed(world: World) -> None:
    assert world.plan
    url = reverse("isap:plan_sign", kwargs={"plan_id": world.plan.pk})
    plan_url = reverse("isap:plan", kwargs={"plan_id": world.plan.pk})
    for role, signatory in [
        (Role.HEAD_TEACHER, "head"),
        (Role.QA_DIRECTOR, "director"),
        (Role.CPD_LEAD, "cpd_lead"),
    ]:
        client = client_for(world.person(role))
        assert f'value="{signatory}"' in client.get(plan_url).content.decode()
        assert client.post(url, {"signatory": signatory}).status_code == 302
    with scopes_disabled():
        plan = Plan.objects.get(pk=world.plan.pk)
    assert plan.agreed_at is not None
    page = client_for(world.person(Role.GOVERNOR)).get(plan_url).content.decode()
    assert "Agreed" in page and "Signed by Head teacher of A" in page


def test_a_governor_cannot_sign_for_anyone(world: World) -> None:
    assert world.plan
    governor = client_for(world.person(Role.GOVERNOR))
    url = reverse("isap:plan_sign", kwargs={"plan_id": world.plan.pk})
    governor.post(url, {"signatory": "head"})
    with scopes_disabled():
        assert not world.plan.signatures.exists()


def test_a_role_held_at_another_school_or_cluster_signs_nothing_here(world: World) -> None:
    """The CEO reaches every school; made executive head of s2 and Director of QA of c2, they
    still sign s1's plan neither as its head nor as its director (s1 is in c1)."""
    assert world.plan
    ceo = world.person(Role.CEO)
    with scopes_disabled():
        role_assign(person=ceo, role=Role.EXECUTIVE_HEAD, school=world.s2, acting_user=None)
        role_assign(person=ceo, role=Role.QA_DIRECTOR, cluster=world.c2, acting_user=None)
        with trust_scope(world.trust.pk):
            permissions_sync(trust=world.trust)
    client = client_for(ceo)
    page = client.get(reverse("isap:plan", kwargs={"plan_id": world.plan.pk})).content.decode()
    assert "Sign as" not in page
    url = reverse("isap:plan_sign", kwargs={"plan_id": world.plan.pk})
    for signatory in ("head", "director"):
        client.post(url, {"signatory": signatory})
    with scopes_disabled():
        assert not world.plan.signatures.exists()
        # At the school where the role is held, it signs.
        assert selectors.signatories_for(ceo, world.s2.pk) == [Signature.Signatory.HEAD]
        assert selectors.signatories_for(ceo, world.s3.pk) == [Signature.Signatory.DIRECTOR]


def test_a_governor_reads_the_plan_with_no_edit_controls(world: World) -> None:
    assert world.plan
    governor = client_for(world.person(Role.GOVERNOR))
    response = governor.get(reverse("isap:plan", kwargs={"plan_id": world.plan.pk}))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Raise attainment in early reading" in body and "Train all KS1 staff" in body
    for control in (
        "Add a priority",
        "Edit the priority",
        "Add an action",
        "Deploy support",
        "Sign as",
        "Add a target",
        "/sign/",
    ):
        assert control not in body, control
    action = governor.get(reverse("isap:action", kwargs={"action_id": _action(world).pk}))
    assert "Add a progress note" not in action.content.decode()
    assert "Update status" not in action.content.decode()


def test_another_schools_head_and_another_trust_get_404(world: World) -> None:
    assert world.plan and world.other_plan
    url = reverse("isap:plan", kwargs={"plan_id": world.plan.pk})
    assert client_for(world.south_head).get(url).status_code == 404
    assert client_for(world.other_head).get(url).status_code == 404
    with scopes_disabled():
        note = ProgressNote.objects.get(action__priority__plan=world.plan)
    evidence = reverse("isap:evidence", kwargs={"note_id": note.pk})
    assert client_for(world.south_head).get(evidence).status_code == 404


def test_a_second_save_of_the_same_action_is_refused_showing_the_other_change(
    world: World,
) -> None:
    action = _action(world)
    url = reverse("isap:action_edit", kwargs={"action_id": action.pk})
    director = client_for(world.person(Role.QA_DIRECTOR))
    head = client_for(world.person(Role.HEAD_TEACHER))
    # Both open the form at version 1; the head saves first.
    assert (
        head.post(
            url, {"status": "in_progress", "school_impact": "MARK-HEAD impact", "version": 1}
        ).status_code
        == 302
    )
    fields = {
        "what": "MARK-DIRECTOR rewritten action",
        "owner": world.person(Role.HEAD_TEACHER).pk,
        "owner_role": "",
        **_date("starts_on", dt.date(2026, 9, 7)),
        **_date("due_on", dt.date(2026, 12, 18)),
        "status": "in_progress",
        "rag": "red",
        "school_impact": "",
        "director_impact": "Too early to say",
        "version": 1,
    }
    response = director.post(url, fields)
    assert response.status_code == 409
    body = response.content.decode()
    assert "Someone else saved this action" in body
    assert "the school&#x27;s judgement of impact" in body and "MARK-HEAD impact" in body
    assert "MARK-DIRECTOR rewritten action" in body  # what they typed is kept
    with scopes_disabled():
        action.refresh_from_db()
    assert action.what.startswith("Train") and action.rag == "amber"
    assert action.school_impact == "MARK-HEAD impact"
    # Having seen it, saving again keeps theirs (the form now carries the current version).
    assert 'value="2"' in body
    fields["version"] = 2
    fields["school_impact"] = "MARK-HEAD impact"
    assert director.post(url, fields).status_code == 302
    with scopes_disabled():
        action.refresh_from_db()
    assert action.rag == "red" and action.version == 3


def test_a_save_without_the_version_it_was_opened_at_is_refused(world: World) -> None:
    """The version check cannot be skipped by leaving the version out."""
    action = _action(world)
    with scopes_disabled():
        deployment = Deployment.objects.get(priority__plan=world.plan)
    head = client_for(world.person(Role.HEAD_TEACHER))
    edit = reverse("isap:action_edit", kwargs={"action_id": action.pk})
    response = head.post(edit, {"status": "completed", "school_impact": "Typed impact kept"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "sent without the version it was opened at" in body and "Typed impact kept" in body
    impact = reverse("isap:deployment", kwargs={"deployment_id": deployment.pk})
    deployed = client_for(world.person(Role.LEAD_PRACTITIONER))
    assert deployed.post(impact, {"impact": "Better phonics"}).status_code == 400
    with scopes_disabled():
        action.refresh_from_db()
        deployment.refresh_from_db()
    assert action.status != "completed" and action.school_impact != "Typed impact kept"
    assert deployment.impact != "Better phonics"


def test_an_owner_must_be_someone_who_reads_the_schools_plan(world: World) -> None:
    """The governor of s2 cannot open s1's plan, so cannot be named responsible for its actions:
    they would be reminded of an action they cannot see."""
    with scopes_disabled():
        priority = Priority.objects.get(plan=world.plan)
        before = Action.objects.count()
    assert world.colleague is not None
    director = client_for(world.person(Role.QA_DIRECTOR))
    url = reverse("isap:action_add", kwargs={"priority_id": priority.pk})
    page = director.get(url).content.decode()
    assert world.colleague.full_name not in page
    assert world.person(Role.HEAD_TEACHER).full_name in page
    fields = {
        "what": "MARK-TYPED book look",
        "owner": world.colleague.pk,
        "owner_role": "",
        **_date("starts_on", dt.date(2026, 9, 7)),
        **_date("due_on", dt.date(2026, 12, 18)),
        "status": "not_started",
        "rag": "",
    }
    response = director.post(url, fields)
    assert response.status_code == 400
    assert "Choose a person from the list." in response.content.decode()
    with scopes_disabled():
        assert Action.objects.count() == before


def test_an_action_with_bad_dates_is_refused_keeping_what_was_typed(world: World) -> None:
    with scopes_disabled():
        priority = Priority.objects.get(plan=world.plan)
        before = Action.objects.count()
    director = client_for(world.person(Role.QA_DIRECTOR))
    response = director.post(
        reverse("isap:action_add", kwargs={"priority_id": priority.pk}),
        {
            "what": "MARK-TYPED run a book look",
            "owner_role": "English lead",
            **_date("starts_on", dt.date(2027, 1, 10)),
            **_date("due_on", dt.date(2026, 12, 1)),
            "status": "not_started",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "The due date must be on or after the start date." in body
    assert "MARK-TYPED run a book look" in body and 'href="#id_due_on_0"' in body
    with scopes_disabled():
        assert Action.objects.count() == before


def test_only_the_deployed_person_records_the_impact_of_their_support(world: World) -> None:
    with scopes_disabled():
        deployment = Deployment.objects.get(priority__plan=world.plan)
    url = reverse("isap:deployment", kwargs={"deployment_id": deployment.pk})
    lp = client_for(world.person(Role.LEAD_PRACTITIONER))
    assert "Save the impact" in lp.get(url).content.decode()
    response = lp.post(url, {"impact": "Phonics lessons now follow the scheme.", "version": 1})
    assert response.status_code == 302
    sle = client_for(world.person(Role.SYSTEM_LEADER))
    assert "Save the impact" not in sle.get(url).content.decode()
    assert sle.post(url, {"impact": "Overwrite", "version": 2}).status_code == 404
    with scopes_disabled():
        deployment.refresh_from_db()
    assert deployment.impact.startswith("Phonics") and deployment.impact_recorded_at


def test_starting_a_plan_from_the_school_carries_the_last_year_forward(world: World) -> None:
    from schools.services import academic_year_create

    with scopes_disabled():
        year = academic_year_create(trust=world.trust, starts_in=2027, acting_user=None)
    director = client_for(world.person(Role.QA_DIRECTOR))
    url = reverse("isap:plan_start", kwargs={"school_id": world.s1.pk})
    response = director.post(url, {"academic_year": year.pk})
    assert response.status_code == 302
    with scopes_disabled():
        plan = Plan.objects.get(school=world.s1, academic_year=year)
        assert plan.priorities.get().carried_from is not None
    again = director.post(url, {"academic_year": year.pk})
    assert again.status_code == 400 and "already has a plan" in again.content.decode()


def _add_actions(world: World, n: int) -> None:
    with scopes_disabled():
        priority = Priority.objects.get(plan=world.plan)
        for i in range(n):
            action = Action.objects.create(
                trust=world.trust,
                priority=priority,
                what=f"Extra action {i}",
                owner_role="Maths lead",
                starts_on=dt.date(2026, 9, 7),
                due_on=dt.date(2026, 10, 1),
                rag="red",
            )
            ProgressNote.objects.create(
                trust=world.trust, action=action, written_on=dt.date(2026, 9, 20), text="Note"
            )
            Deployment.objects.create(
                trust=world.trust,
                priority=priority,
                provider="external",
                provider_name=f"Provider {i}",
                days=Decimal("1"),
                funder="school",
                starts_on=dt.date(2026, 9, 7),
                desired_outcome="Better",
            )


def test_the_plan_page_queries_do_not_grow_with_the_number_of_actions(
    world: World, django_assert_max_num_queries: object
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assert world.plan
    director = client_for(world.person(Role.QA_DIRECTOR))
    url = reverse("isap:plan", kwargs={"plan_id": world.plan.pk})
    director.get(url)
    with CaptureQueriesContext(connection) as few:
        director.get(url)
    _add_actions(world, 12)
    with CaptureQueriesContext(connection) as many:
        body = director.get(url).content.decode()
    assert body.count("Overdue</strong>") >= 12
    assert len(many.captured_queries) == len(few.captured_queries)
    assert len(few.captured_queries) <= 30
