"""Who may do what with a school's action plans, and the `access_*` helpers: the only way from a
URL's id to a plan, priority, target, action, deployment or evidence file (another trust's, or one
the person may not read, is a 404)."""

from enum import StrEnum

from django.db.models import Q
from django.http import Http404

from fht.access import access_for
from fht.models import User
from fht.roles import Role, SchoolPerm
from fht.tenancy import trust_id_of
from isap.models import (
    Action,
    Deployment,
    Plan,
    Priority,
    ProgressNote,
    Signature,
    Target,
)
from people.models import RoleAssignment
from schools.models import School


class Can(StrEnum):
    READ = "read"
    MANAGE = "manage"
    PROGRESS = "progress"
    SUPPORT = "support"


_PERM = {
    Can.READ: SchoolPerm.VIEW_IMPROVEMENT,
    Can.MANAGE: SchoolPerm.MANAGE_IMPROVEMENT,
    Can.PROGRESS: SchoolPerm.UPDATE_PROGRESS,
    Can.SUPPORT: SchoolPerm.RECORD_SUPPORT,
}


HEAD_ROLES = {Role.HEAD_TEACHER, Role.EXECUTIVE_HEAD}


def may(user: User, school_id: int, can: Can) -> bool:
    access = access_for(user)
    if can is Can.PROGRESS:
        # Those who manage the plan may do everything the head may.
        return access.works_on_improvement(school_id)
    return access.has_school_perm(school_id, _PERM[can])


def may_support(user: User, deployment: Deployment, school_id: int) -> bool:
    """The deployed person adds notes and impact to their own deployment; managers to any."""
    if may(user, school_id, Can.MANAGE):
        return True
    return deployment.person_id == user.pk and may(user, school_id, Can.SUPPORT)


def _require(user: User, school_id: int, can: Can, what: str) -> None:
    if not may(user, school_id, can):
        raise Http404(f"No such {what}")


def access_school_plans(user: User, school_id: int, can: Can = Can.READ) -> School:
    """A school of the person's trust whose plans they may read (or, with `can`, write)."""
    _require(user, school_id, can, "school")
    try:
        return School.objects.select_related("cluster", "trust").get(
            pk=school_id, trust_id=trust_id_of(user)
        )
    except School.DoesNotExist:
        raise Http404("No such school") from None


def access_plan(user: User, plan_id: int, can: Can = Can.READ) -> Plan:
    try:
        plan = Plan.objects.select_related("school__cluster", "academic_year", "trust").get(
            pk=plan_id, trust_id=trust_id_of(user)
        )
    except Plan.DoesNotExist:
        raise Http404("No such plan") from None
    _require(user, plan.school_id, can, "plan")
    return plan


def access_priority(user: User, priority_id: int, can: Can = Can.READ) -> Priority:
    try:
        priority = Priority.objects.select_related(
            "plan__school__cluster", "plan__academic_year", "source_visit"
        ).get(pk=priority_id, trust_id=trust_id_of(user))
    except Priority.DoesNotExist:
        raise Http404("No such priority") from None
    _require(user, priority.plan.school_id, can, "priority")
    return priority


def access_target(user: User, target_id: int, can: Can = Can.MANAGE) -> Target:
    try:
        target = Target.objects.select_related(
            "priority__plan__school", "priority__plan__academic_year"
        ).get(pk=target_id, trust_id=trust_id_of(user))
    except Target.DoesNotExist:
        raise Http404("No such target") from None
    _require(user, target.priority.plan.school_id, can, "target")
    return target


def access_action(user: User, action_id: int, can: Can = Can.READ) -> Action:
    try:
        action = Action.objects.select_related(
            "priority__plan__school__cluster",
            "priority__plan__academic_year",
            "owner",
            "updated_by",
            "source_visit",
        ).get(pk=action_id, trust_id=trust_id_of(user))
    except Action.DoesNotExist:
        raise Http404("No such action") from None
    _require(user, action.priority.plan.school_id, can, "action")
    return action


def access_deployment(user: User, deployment_id: int, can: Can = Can.READ) -> Deployment:
    """A deployment; with Can.SUPPORT, one the person may add notes and impact to."""
    try:
        deployment = Deployment.objects.select_related(
            "priority__plan__school__cluster", "priority__plan__academic_year", "person"
        ).get(pk=deployment_id, trust_id=trust_id_of(user))
    except Deployment.DoesNotExist:
        raise Http404("No such deployment") from None
    school_id = deployment.priority.plan.school_id
    if can is Can.SUPPORT:
        if not may_support(user, deployment, school_id):
            raise Http404("No such deployment")
    else:
        _require(user, school_id, can, "deployment")
    return deployment


def access_evidence(user: User, note_id: int) -> ProgressNote:
    """A progress note with an evidence file, for someone who reads its plan."""
    try:
        note = ProgressNote.objects.select_related(
            "action__priority__plan", "deployment__priority__plan"
        ).get(pk=note_id, trust_id=trust_id_of(user))
    except ProgressNote.DoesNotExist:
        raise Http404("No such evidence") from None
    parent = note.action or note.deployment
    assert parent is not None  # the table's check constraint
    _require(user, parent.priority.plan.school_id, Can.READ, "evidence")
    if not note.evidence_file:
        raise Http404("No such evidence")
    return note


def signatories_for(user: User, school_id: int) -> list[Signature.Signatory]:
    """Which of the plan's three signatures this person may give: as the school's own head teacher
    or executive head, as the Director of QA of its cluster, or as the trust's CPD lead. A role
    held elsewhere does not count here (a CEO who is also the head of one school signs only that
    school's plan as its head). One query, none for those who hold none of these roles."""
    access = access_for(user)
    wanted = HEAD_ROLES | {Role.QA_DIRECTOR, Role.CPD_LEAD}
    if not set(access.roles) & wanted:
        return []
    cluster = School.objects.filter(pk=school_id).values("cluster_id")
    held = set(
        RoleAssignment.objects.filter(
            person=user, ended_at__isnull=True, trust_id=trust_id_of(user)
        )
        .filter(
            Q(role__in=HEAD_ROLES, school_id=school_id)
            | Q(role=Role.QA_DIRECTOR, cluster_id__in=cluster)
            | Q(role=Role.CPD_LEAD)
        )
        .values_list("role", flat=True)
    )
    out = []
    if held & HEAD_ROLES and access.has_school_perm(school_id, SchoolPerm.UPDATE_PROGRESS):
        out.append(Signature.Signatory.HEAD)
    if Role.QA_DIRECTOR in held and access.has_school_perm(
        school_id, SchoolPerm.MANAGE_IMPROVEMENT
    ):
        out.append(Signature.Signatory.DIRECTOR)
    if Role.CPD_LEAD in held and access.has_school_perm(school_id, SchoolPerm.VIEW_IMPROVEMENT):
        out.append(Signature.Signatory.CPD_LEAD)
    return out
