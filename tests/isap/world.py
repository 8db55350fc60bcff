"""The action plans of the test world (tests/conftest.py): a plan at s1 ('in'), s3 ('out') and sb
(the other trust), each with a priority, a target, an action owned by the school's head, a
core-offer deployment and a progress note with an evidence file. At s1 the deployment is the
lead practitioner's, so the matrix can tell 'their own deployment' from another's.

Added by tests/isap/conftest.py, after the returns and visits the plan pages show beside it."""

import datetime as dt
from decimal import Decimal

from django.core.files.base import ContentFile
from django_scopes import scopes_disabled

from fht.models import User
from fht.rag import Rag
from fht.roles import Role
from isap.models import Action, Deployment, Plan, Priority, ProgressNote, Source, Target
from returns.measures import Measure
from schools.models import AcademicYear, School
from tests.conftest import World

EVIDENCE_BYTES = b"%PDF-1.4\n% evidence of the phonics audit\n"


def add_plans(world: World) -> World:
    """The world's plans (world.plan, out_plan, other_plan)."""
    assert world.year and world.other_year and world.other_head and world.south_head
    with scopes_disabled():
        world.plan = add_plan(
            world.s1,
            world.year,
            head=world.person(Role.HEAD_TEACHER),
            deployed=world.person(Role.LEAD_PRACTITIONER),
        )
        world.out_plan = add_plan(
            world.s3, world.year, head=world.south_head, deployed=world.person(Role.CEO)
        )
        world.other_plan = add_plan(
            world.sb, world.other_year, head=world.other_head, deployed=world.other_head
        )
    return world


def add_plan(
    school: School, year: AcademicYear, *, head: User, deployed: User, by: User | None = None
) -> Plan:
    plan = Plan.objects.create(trust=school.trust, school=school, academic_year=year, created_by=by)
    priority = Priority.objects.create(
        trust=school.trust,
        plan=plan,
        number=1,
        title="Raise attainment in early reading",
        description="Phonics teaching is not consistent across Key Stage 1.",
        source=Source.QA_VISIT,
        source_reference="QA visit, October 2026",
    )
    Target.objects.create(
        trust=school.trust,
        priority=priority,
        measure=Measure.ATTENDANCE,
        baseline=Decimal("93.0"),
        target=Decimal("96.0"),
        by_when=dt.date(2027, 7, 16),
    )
    action = Action.objects.create(
        trust=school.trust,
        priority=priority,
        what="Train all KS1 staff in the phonics scheme",
        owner=head,
        starts_on=dt.date(2026, 9, 7),
        due_on=dt.date(2026, 12, 18),
        status=Action.Status.IN_PROGRESS,
        rag=Rag.AMBER,
    )
    Deployment.objects.create(
        trust=school.trust,
        priority=priority,
        provider=Deployment.Provider.LEAD_PRACTITIONER,
        person=deployed,
        days=Decimal("2.0"),
        cost=Decimal("0"),
        funder=Deployment.Funder.CORE_OFFER,
        starts_on=dt.date(2026, 10, 12),
        desired_outcome="Phonics lessons follow the scheme in every class.",
    )
    note = ProgressNote(
        trust=school.trust,
        action=action,
        written_on=dt.date(2026, 10, 20),
        text="Half the staff trained; the rest in November.",
        author=head,
        evidence_name="training-register.pdf",
    )
    note.evidence_file.save("evidence.pdf", ContentFile(EVIDENCE_BYTES), save=False)
    note.save()
    return plan
