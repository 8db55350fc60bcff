"""ISAP services: starting a year's plan and carrying forward, concurrent edits, signing."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scopes_disabled

from fht.roles import Role
from isap import selectors, services
from isap.models import Action, Plan, Priority, Signature
from schools.services import academic_year_create
from tests.conftest import World

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_scopes() -> object:
    with scopes_disabled():
        yield


def test_new_year_carries_open_priorities_and_actions_forward(world: World) -> None:
    assert world.plan
    director = world.person(Role.QA_DIRECTOR)
    old_priority = world.plan.priorities.get()
    done = Priority.objects.create(
        trust=world.trust,
        plan=world.plan,
        number=2,
        title="Done",
        source="ofsted",
        status=Priority.Status.ACHIEVED,
    )
    old_action = old_priority.actions.get()
    finished = Action.objects.create(
        trust=world.trust,
        priority=old_priority,
        what="Finished",
        owner_role="Maths lead",
        starts_on=dt.date(2026, 9, 7),
        due_on=dt.date(2026, 10, 1),
        status=Action.Status.COMPLETED,
    )
    next_year = academic_year_create(trust=world.trust, starts_in=2027, acting_user=None)

    plan = services.plan_start(school=world.s1, year=next_year, acting_user=director)

    assert plan.carried_from == world.plan
    (priority,) = plan.priorities.all()
    assert priority.carried_from == old_priority and priority.number == 1
    assert priority.targets.count() == 1
    (action,) = priority.actions.all()
    assert action.carried_from == old_action and action.what == old_action.what
    assert action.owner == old_action.owner and action.status == Action.Status.IN_PROGRESS
    # Last year's plan says where the work went: no longer open, so no longer overdue there.
    old_action.refresh_from_db()
    old_priority.refresh_from_db()
    assert old_action.status == Action.Status.CARRIED and not old_action.is_overdue
    assert old_action.history.first().history_user == director
    assert old_priority.status == Priority.Status.CARRIED
    finished.refresh_from_db()
    assert finished.status == Action.Status.COMPLETED
    assert not Priority.objects.filter(plan=plan, carried_from=done).exists()
    assert not Action.objects.filter(carried_from=finished).exists()
    assert priority.history.get().history_user == director
    with pytest.raises(ValidationError):
        services.plan_start(school=world.s1, year=next_year, acting_user=director)
    assert Plan.objects.filter(school=world.s1).count() == 2


def test_second_save_of_an_action_is_refused_with_the_other_change(world: World) -> None:
    assert world.plan
    action = Action.objects.get(priority__plan=world.plan)
    head, director = world.person(Role.HEAD_TEACHER), world.person(Role.QA_DIRECTOR)
    opened = action.version
    services.action_update(
        action=action,
        values={"status": Action.Status.COMPLETED, "school_impact": "Good"},
        allowed=services.HEAD_ACTION_FIELDS,
        version=opened,
        acting_user=head,
    )
    with pytest.raises(services.EditConflict) as refused:
        services.action_update(
            action=action,
            values={"rag": "red", "what": "Changed"},
            allowed=services.ALL_ACTION_FIELDS,
            version=opened,
            acting_user=director,
        )
    assert set(refused.value.changes) == {"status", "the school's judgement of impact"}
    action.refresh_from_db()
    assert action.rag == "amber" and action.what != "Changed" and action.version == opened + 1


def test_head_cannot_change_what_only_the_director_may(world: World) -> None:
    assert world.plan
    action = Action.objects.get(priority__plan=world.plan)
    services.action_update(
        action=action,
        values={"rag": "red", "school_impact": "Better"},
        allowed=services.HEAD_ACTION_FIELDS,
        version=action.version,
        acting_user=world.person(Role.HEAD_TEACHER),
    )
    action.refresh_from_db()
    assert action.rag == "amber" and action.school_impact == "Better"


def test_three_signatures_agree_the_plan(world: World) -> None:
    assert world.plan
    plan = world.plan
    for role, signatory in [
        (Role.HEAD_TEACHER, Signature.Signatory.HEAD),
        (Role.QA_DIRECTOR, Signature.Signatory.DIRECTOR),
    ]:
        services.plan_sign(plan=plan, signatory=signatory, acting_user=world.person(role))
        plan.refresh_from_db()
        assert plan.agreed_at is None
    with pytest.raises(ValidationError):  # the governor is no signatory
        services.plan_sign(
            plan=plan,
            signatory=Signature.Signatory.CPD_LEAD,
            acting_user=world.person(Role.GOVERNOR),
        )
    services.plan_sign(
        plan=plan, signatory=Signature.Signatory.CPD_LEAD, acting_user=world.person(Role.CPD_LEAD)
    )
    plan.refresh_from_db()
    assert plan.agreed_at is not None
    with pytest.raises(ValidationError):
        services.plan_sign(
            plan=plan,
            signatory=Signature.Signatory.HEAD,
            acting_user=world.person(Role.HEAD_TEACHER),
        )


def test_core_offer_counts_visits_and_core_deployments(world: World) -> None:
    assert world.plan and world.year
    offer = selectors.core_offer(school=world.s1, year=world.year, allowance=6)
    # The submitted visit and the draft (1 day each) and the LP's two core-offer days.
    assert offer.days("visits") == Decimal(2) and offer.days("support") == Decimal(2)
    assert offer.left == Decimal(2)


def test_a_note_that_fails_to_save_leaves_no_evidence_file_behind(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The file is stored before the row; when the row cannot be written (here, a database error
    injected at the action's update), the stored file is removed with the rolled-back rows."""
    from django.core.files.storage import default_storage
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import DatabaseError

    from isap.models import ProgressNote

    action = Action.objects.get(priority__plan=world.plan)
    Action.objects.filter(pk=action.pk).update(status=Action.Status.NOT_STARTED)
    real_save = Action.save

    def failing_save(self: Action, *args: object, **kwargs: object) -> None:
        raise DatabaseError("the database went away")

    monkeypatch.setattr(Action, "save", failing_save)

    def stored() -> set[str]:
        found: set[str] = set()
        dirs = [""]
        while dirs:
            here = dirs.pop()
            subdirs, files = default_storage.listdir(here)
            found |= {f"{here}/{f}" for f in files}
            dirs += [f"{here}/{d}".lstrip("/") for d in subdirs]
        return found

    files_before = stored()
    with pytest.raises(DatabaseError):
        services.note_add(
            parent=action,
            written_on=dt.date(2026, 11, 2),
            text="A note",
            acting_user=world.person(Role.HEAD_TEACHER),
            evidence_file=SimpleUploadedFile("register.pdf", b"%PDF-1.4\n%%EOF\n"),
        )
    monkeypatch.setattr(Action, "save", real_save)
    assert not ProgressNote.objects.filter(text="A note").exists()

    assert stored() == files_before
