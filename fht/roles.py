"""The roles a person can hold in a trust, what each is attached to, and what each may do.

This table is the only place where a role turns into permissions; the app that keeps the role
assignments (its permissions_sync) writes what it says into django-guardian's object-permission
tables.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.db import models


class Role(models.TextChoices):
    CEO = "ceo", "CEO"
    DEPUTY_CEO = "deputy_ceo", "Deputy CEO"
    QA_DIRECTOR = "qa_director", "Director of Quality Assurance"
    CPD_LEAD = "cpd_lead", "CPD lead (Director of the Teaching School Alliance)"
    LEAD_PRACTITIONER = "lead_practitioner", "Lead practitioner"
    SYSTEM_LEADER = "system_leader", "System leader (SLE, NLE, LLE, NLG, Head teacher+)"
    HEAD_TEACHER = "head_teacher", "Head teacher"
    EXECUTIVE_HEAD = "executive_head", "Executive head teacher"
    GOVERNOR = "governor", "Governor"
    CHAIR_OF_GOVERNORS = "chair_of_governors", "Chair of governors"
    TRUSTEE = "trustee", "Trustee"
    TRUST_ADMIN = "trust_admin", "Trust administrator"


class Attached(StrEnum):
    """What a role assignment is attached to."""

    TRUST = "trust"
    CLUSTER = "cluster"
    SCHOOL = "school"


class TrustPerm(StrEnum):
    VIEW_PEOPLE = "view_people"
    MANAGE_PEOPLE = "manage_people"
    MANAGE_STRUCTURE = "manage_structure"
    # National benchmarks and the trust's visit cadence: trust-wide settings of the QA cycle.
    MANAGE_BENCHMARKS = "manage_benchmarks"


class SchoolPerm(StrEnum):
    VIEW = "view_school"
    VIEW_IMPROVEMENT = "view_improvement"
    VIEW_RESTRICTED = "view_restricted"
    # The head teacher's own performance management: restricted from the head as well.
    VIEW_HEAD_PERFORMANCE = "view_head_performance"
    MANAGE_IMPROVEMENT = "manage_improvement"
    UPDATE_PROGRESS = "update_progress"
    RECORD_SUPPORT = "record_support"


class ClusterPerm(StrEnum):
    VIEW = "view_cluster"


@dataclass(frozen=True)
class RoleRule:
    attached: Attached
    trust: frozenset[TrustPerm] = frozenset()
    school: frozenset[SchoolPerm] = frozenset()
    cluster: frozenset[ClusterPerm] = frozenset()
    # A school-attached role also sees the cluster its school belongs to.
    sees_own_cluster: bool = False
    # How many schools one person may hold this role for at once (None: any number).
    max_schools: int | None = None


_READ = frozenset({SchoolPerm.VIEW, SchoolPerm.VIEW_IMPROVEMENT})
_ALL_SCHOOL = frozenset(SchoolPerm)
_CENTRAL_TEAM = frozenset({TrustPerm.VIEW_PEOPLE})
_HEAD = _READ | {SchoolPerm.VIEW_RESTRICTED, SchoolPerm.UPDATE_PROGRESS}

RULES: dict[Role, RoleRule] = {
    Role.CEO: RoleRule(Attached.TRUST, frozenset(TrustPerm), _ALL_SCHOOL, frozenset(ClusterPerm)),
    Role.DEPUTY_CEO: RoleRule(
        Attached.TRUST, frozenset(TrustPerm), _ALL_SCHOOL, frozenset(ClusterPerm)
    ),
    Role.QA_DIRECTOR: RoleRule(
        Attached.CLUSTER,
        _CENTRAL_TEAM | {TrustPerm.MANAGE_BENCHMARKS},
        _READ
        | {
            SchoolPerm.VIEW_RESTRICTED,
            SchoolPerm.VIEW_HEAD_PERFORMANCE,
            SchoolPerm.MANAGE_IMPROVEMENT,
        },
        frozenset(ClusterPerm),
    ),
    Role.CPD_LEAD: RoleRule(Attached.TRUST, _CENTRAL_TEAM, _READ, frozenset(ClusterPerm)),
    Role.LEAD_PRACTITIONER: RoleRule(Attached.SCHOOL, school=_READ | {SchoolPerm.RECORD_SUPPORT}),
    Role.SYSTEM_LEADER: RoleRule(Attached.SCHOOL, school=_READ | {SchoolPerm.RECORD_SUPPORT}),
    Role.HEAD_TEACHER: RoleRule(
        Attached.SCHOOL,
        school=_HEAD,
        cluster=frozenset(ClusterPerm),
        sees_own_cluster=True,
        max_schools=1,
    ),
    Role.EXECUTIVE_HEAD: RoleRule(
        Attached.SCHOOL,
        school=_HEAD,
        cluster=frozenset(ClusterPerm),
        sees_own_cluster=True,
    ),
    Role.GOVERNOR: RoleRule(
        Attached.SCHOOL,
        school=_READ,
        cluster=frozenset(ClusterPerm),
        sees_own_cluster=True,
        max_schools=1,
    ),
    Role.CHAIR_OF_GOVERNORS: RoleRule(
        Attached.SCHOOL,
        school=_READ,
        cluster=frozenset(ClusterPerm),
        sees_own_cluster=True,
        max_schools=1,
    ),
    Role.TRUSTEE: RoleRule(Attached.TRUST, school=_READ, cluster=frozenset(ClusterPerm)),
    Role.TRUST_ADMIN: RoleRule(
        Attached.TRUST,
        frozenset(
            {
                TrustPerm.VIEW_PEOPLE,
                TrustPerm.MANAGE_PEOPLE,
                TrustPerm.MANAGE_STRUCTURE,
                TrustPerm.MANAGE_BENCHMARKS,
            }
        ),
        _READ,
        frozenset(ClusterPerm),
    ),
}


def rule_for(role: str) -> RoleRule:
    return RULES[Role(role)]
