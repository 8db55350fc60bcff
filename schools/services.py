"""Writes about the trust's structure, and the one place role assignments become permissions."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, fields

from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateformat import format as date_format

from fht.access import forget_access
from fht.models import Trust, TrustUserObjectPermission, User
from fht.roles import Attached, Role, rule_for
from schools import selectors
from schools.models import (
    AcademicYear,
    Cluster,
    ClusterUserObjectPermission,
    HalfTerm,
    RoleAssignment,
    School,
    SchoolUserObjectPermission,
)

# (user id, permission id, object id)
Grant = tuple[int, int, int]


@dataclass
class _Desired:
    trust: set[Grant]
    schools: set[Grant]
    clusters: set[Grant]


def _permission_ids() -> dict[tuple[str, str], int]:
    rows = Permission.objects.filter(content_type__app_label__in=["fht", "schools"]).values_list(
        "content_type__app_label", "codename", "id"
    )
    return {(app, codename): pk for app, codename, pk in rows}


def _desired_grants(trust: Trust, user_ids: set[int]) -> _Desired:
    perm_id = _permission_ids()
    schools = list(School.objects.filter(trust=trust).values_list("id", "cluster_id"))
    all_school_ids = [pk for pk, _ in schools]
    all_cluster_ids = list(Cluster.objects.filter(trust=trust).values_list("id", flat=True))
    schools_in_cluster: dict[int, list[int]] = {}
    cluster_of: dict[int, int | None] = {}
    for pk, cluster_id in schools:
        cluster_of[pk] = cluster_id
        if cluster_id:
            schools_in_cluster.setdefault(cluster_id, []).append(pk)

    desired = _Desired(set(), set(), set())
    active = RoleAssignment.objects.filter(
        trust=trust, person_id__in=user_ids, ended_at__isnull=True, person__is_active=True
    ).values_list("person_id", "role", "school_id", "cluster_id")
    for person_id, role, school_id, cluster_id in active:
        rule = rule_for(role)
        if rule.attached == Attached.TRUST:
            school_ids, cluster_ids = all_school_ids, all_cluster_ids
        elif rule.attached == Attached.CLUSTER:
            school_ids, cluster_ids = schools_in_cluster.get(cluster_id, []), [cluster_id]
        else:
            own_cluster = cluster_of.get(school_id)
            school_ids = [school_id]
            cluster_ids = [own_cluster] if rule.sees_own_cluster and own_cluster else []
        desired.trust |= {(person_id, perm_id[("fht", p)], trust.pk) for p in rule.trust}
        desired.schools |= {
            (person_id, perm_id[("schools", p)], s) for p in rule.school for s in school_ids
        }
        desired.clusters |= {
            (person_id, perm_id[("schools", p)], c) for p in rule.cluster for c in cluster_ids
        }
    return desired


def _apply[P: (TrustUserObjectPermission, SchoolUserObjectPermission, ClusterUserObjectPermission)](
    model: type[P], user_ids: set[int], object_ids: Iterable[int], wanted: set[Grant]
) -> None:
    existing = model.objects.filter(user_id__in=user_ids, content_object_id__in=list(object_ids))
    have = {
        (u, p, o): pk
        for pk, u, p, o in existing.values_list(
            "id", "user_id", "permission_id", "content_object_id"
        )
    }
    stale = [pk for grant, pk in have.items() if grant not in wanted]
    if stale:
        model.objects.filter(id__in=stale).delete()
    model.objects.bulk_create(
        [model(user_id=u, permission_id=p, content_object_id=o) for u, p, o in wanted - have.keys()]
    )


def permissions_sync(*, trust: Trust, people: Iterable[User] | None = None) -> None:
    """Make django-guardian's object permissions say exactly what the active role assignments say.

    With `people`, only their permissions are rebuilt; without, everyone's in the trust.
    """
    if people is None:
        user_ids = set(User.objects.filter(trust=trust).values_list("id", flat=True))
    else:
        user_ids = {p.pk for p in people}
        if any(p.trust_id != trust.pk for p in people):
            raise ValueError("permissions_sync was given a person from another trust")
    if not user_ids:
        return
    desired = _desired_grants(trust, user_ids)
    school_ids = School.objects.filter(trust=trust).values_list("id", flat=True)
    cluster_ids = Cluster.objects.filter(trust=trust).values_list("id", flat=True)
    with transaction.atomic():
        _apply(TrustUserObjectPermission, user_ids, [trust.pk], desired.trust)
        _apply(SchoolUserObjectPermission, user_ids, list(school_ids), desired.schools)
        _apply(ClusterUserObjectPermission, user_ids, list(cluster_ids), desired.clusters)
    for person in people or []:
        forget_access(person)


# --- Schools -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SchoolDetails:
    """What an administrator records about a school."""

    urn: str
    name: str
    cluster: Cluster | None = None
    establishment_number: str = ""
    phase: str = School.Phase.PRIMARY
    local_authority: str = ""
    pupils_on_roll: int | None = None
    joined_trust_on: dt.date | None = None
    route: str = ""
    ofsted_grade: int | None = None
    ofsted_inspected_on: dt.date | None = None
    governing_body: str = ""
    closed_on: dt.date | None = None


def urn_free_check(*, urn: str, trust: Trust, school_id: int | None) -> None:
    in_use = selectors.urn_in_use(urn=urn, trust=trust, exclude_school_id=school_id)
    if in_use is None:
        return
    message = f"A school with URN {urn} is already on the system"
    if in_use.school_name is not None:
        message += f": {in_use.school_name}"
    raise ValidationError({"urn": message + "."})


def _fill(school: School, details: SchoolDetails) -> bool:
    """Copy the details onto the school; True if anything changed."""
    changed = False
    for f in fields(details):
        value = getattr(details, f.name)
        if f.name == "cluster":
            changed |= school.cluster_id != (value.pk if value else None)
        else:
            changed |= getattr(school, f.name) != value
        setattr(school, f.name, value)
    return changed


def _save_school(*, school: School, trust: Trust, acting_user: User | None) -> None:
    urn_free_check(urn=school.urn, trust=trust, school_id=school.pk)
    school.full_clean()
    school._history_user = acting_user  # type: ignore[attr-defined]
    school.save()


def school_create(*, trust: Trust, details: SchoolDetails, acting_user: User | None) -> School:
    """Add a school to the trust; everyone whose roles reach it can see it from their next request."""
    school = School(trust=trust)
    _fill(school, details)
    try:
        with transaction.atomic(durable=True):
            _save_school(school=school, trust=trust, acting_user=acting_user)
            permissions_sync(trust=trust)
    except IntegrityError:
        # Another request took the URN between the check and the insert: say so plainly.
        urn_free_check(urn=details.urn, trust=trust, school_id=None)
        raise
    return school


def school_update(*, school: School, details: SchoolDetails, acting_user: User | None) -> School:
    """Change a school's record (clearing `closed_on` reopens it). No change, no history row."""
    try:
        with transaction.atomic(durable=True):
            locked = School.objects.select_for_update().get(pk=school.pk, trust_id=school.trust_id)
            old_cluster_id = locked.cluster_id
            if not _fill(locked, details):
                return locked
            _save_school(school=locked, trust=locked.trust, acting_user=acting_user)
            if locked.cluster_id != old_cluster_id:
                # Directors of QA and cluster-seeing roles follow the school to its new cluster.
                permissions_sync(trust=locked.trust)
    except IntegrityError:
        urn_free_check(urn=details.urn, trust=school.trust, school_id=school.pk)
        raise
    return locked


def school_close(*, school: School, closed_on: dt.date, acting_user: User | None) -> School:
    """Mark a school closed (or gone from the trust). It stays on the system, marked Closed."""
    with transaction.atomic(durable=True):
        locked = School.objects.select_for_update().get(pk=school.pk, trust_id=school.trust_id)
        if locked.closed_on is not None:
            raise ValidationError(
                {"closed_on": f"{locked.name} is already closed. To reopen it, edit the school."}
            )
        locked.closed_on = closed_on
        locked.full_clean()
        locked._history_user = acting_user  # type: ignore[attr-defined]
        locked.save(update_fields=["closed_on"])
    return locked


# --- Clusters ------------------------------------------------------------------------------------


def _check_cluster_name_free(*, trust: Trust, name: str, cluster_id: int | None) -> None:
    taken = Cluster.objects.filter(trust=trust, name__iexact=name)
    if cluster_id is not None:
        taken = taken.exclude(pk=cluster_id)
    if taken.exists():
        raise ValidationError({"name": f"There is already a cluster called {name}."})


def cluster_create(*, trust: Trust, name: str, area: str, acting_user: User | None) -> Cluster:
    cluster = Cluster(trust=trust, name=name, area=area)
    with transaction.atomic(durable=True):
        _check_cluster_name_free(trust=trust, name=name, cluster_id=None)
        cluster.full_clean()
        cluster._history_user = acting_user  # type: ignore[attr-defined]
        cluster.save()
        permissions_sync(trust=trust)  # trust-wide roles see the new cluster
    return cluster


def cluster_update(*, cluster: Cluster, name: str, area: str, acting_user: User | None) -> Cluster:
    with transaction.atomic(durable=True):
        locked = Cluster.objects.select_for_update().get(pk=cluster.pk, trust_id=cluster.trust_id)
        if (locked.name, locked.area) == (name, area):
            return locked
        _check_cluster_name_free(trust=locked.trust, name=name, cluster_id=locked.pk)
        locked.name, locked.area = name, area
        locked.full_clean()
        locked._history_user = acting_user  # type: ignore[attr-defined]
        locked.save(update_fields=["name", "area"])
    return locked


# --- Directors of QA -----------------------------------------------------------------------------


class DirectorOverLimit(Exception):
    """The allocation would give the director more schools than the trust's limit: confirm first."""

    def __init__(self, load: selectors.DirectorLoad) -> None:
        super().__init__(f"{load.schools} schools, limit {load.limit}")
        self.load = load


def director_allocate(
    *,
    cluster: Cluster,
    person: User,
    acting_user: User | None,
    confirmed: bool,
    starts_on: dt.date | None = None,
) -> RoleAssignment:
    """Allocate a person of the trust as a Director of QA of the cluster.

    Over the trust's limit of schools (counting open schools only), nothing is written until the
    allocation is `confirmed`: `DirectorOverLimit` says by how much.
    """
    if person.trust_id != cluster.trust_id:
        raise ValidationError({"person": "Choose a person of the trust."})
    if not person.is_active:
        raise ValidationError({"person": f"{person} has left the trust."})
    try:
        role_authority_check(acting_user=acting_user, person=person, roles={Role.QA_DIRECTOR})
    except ValidationError as error:
        raise ValidationError({"person": error.messages}) from None
    with transaction.atomic(durable=True):
        User.objects.select_for_update().filter(pk=person.pk).first()  # one allocation at a time
        if selectors.director_allocations(cluster=cluster).filter(person=person).exists():
            raise ValidationError({"person": f"{person} is already a Director of QA of {cluster}."})
        load = selectors.director_load(person=person, adding=cluster)
        if load.over and not confirmed:
            raise DirectorOverLimit(load)
        assignment = RoleAssignment(
            trust=cluster.trust,
            person=person,
            role=Role.QA_DIRECTOR,
            cluster=cluster,
            starts_on=starts_on or timezone.localdate(),
        )
        assignment.full_clean()
        assignment._history_user = acting_user  # type: ignore[attr-defined]
        assignment.save()
        permissions_sync(trust=cluster.trust, people=[person])
    return assignment


def director_deallocate(*, assignment: RoleAssignment, acting_user: User | None) -> RoleAssignment:
    """End a Director of QA's allocation to a cluster; they lose its schools from their next request."""
    if assignment.role != Role.QA_DIRECTOR or assignment.cluster_id is None:
        raise ValidationError("Only a Director of QA's allocation to a cluster is ended here.")
    role_authority_check(
        acting_user=acting_user, person=assignment.person, roles={Role.QA_DIRECTOR}
    )
    with transaction.atomic(durable=True):
        locked = RoleAssignment.objects.select_for_update().get(
            pk=assignment.pk, trust_id=assignment.trust_id
        )
        if locked.ended_at is not None:
            return locked
        locked.ended_at = timezone.now()
        locked._history_user = acting_user  # type: ignore[attr-defined]
        locked.save(update_fields=["ended_at"])
        permissions_sync(trust=locked.trust, people=[locked.person])
    return locked


# Roles that carry the keys to the trust: only its CEO or deputy CEO gives or ends them.
PROTECTED_ROLES = frozenset({Role.CEO, Role.DEPUTY_CEO, Role.TRUST_ADMIN})
_SENIOR_ROLES = (Role.CEO, Role.DEPUTY_CEO)


def _is_senior(user: User) -> bool:
    if user.is_superuser:
        return True  # platform staff, in the Django admin
    if user.trust_id is None:
        return False
    return RoleAssignment.objects.filter(
        person=user, trust_id=user.trust_id, ended_at__isnull=True, role__in=_SENIOR_ROLES
    ).exists()


def role_authority_check(*, acting_user: User | None, person: User, roles: set[Role]) -> None:
    """No one gives or ends their own roles, and only the CEO or deputy (or platform staff)
    touches the protected ones. Every way of giving or ending a role goes through here.

    `acting_user` None is the system itself (demo data, scheduled jobs).
    """
    if acting_user is None:
        return
    if acting_user.pk == person.pk:
        raise ValidationError("You cannot change your own roles. Ask another administrator.")
    protected = roles & PROTECTED_ROLES
    if protected and not _is_senior(acting_user):
        names = ", ".join(sorted(r.label for r in protected))
        raise ValidationError(f"Only the CEO or deputy CEO can change the role of {names}.")


# --- Academic years ------------------------------------------------------------------------------

_MONDAY, _FRIDAY = 0, 4
_WEEK = dt.timedelta(weeks=1)


def _weekday_on_or_after(day: dt.date, weekday: int) -> dt.date:
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7)


def _weekday_on_or_before(day: dt.date, weekday: int) -> dt.date:
    return day - dt.timedelta(days=(day.weekday() - weekday) % 7)


def _friday_nearest(day: dt.date) -> dt.date:
    after = _weekday_on_or_after(day, _FRIDAY)
    return after if (after - day).days <= 3 else after - _WEEK


def _after_a_week_off(last_day: dt.date) -> dt.date:
    """The Monday after a week's holiday, when `last_day` is a Friday."""
    return last_day + dt.timedelta(days=10)


def default_half_terms(starts_in: int) -> list[tuple[dt.date, dt.date]]:
    """English default dates for the academic year starting in September of `starts_in`.

    A fixed rule, close to most local authorities' calendars (no Easter computation):
    - Autumn 1: the first Monday on or after 1 September, for seven weeks (to a Friday);
    - Autumn 2: after a week of half-term, to the Friday before the week of Christmas Day;
    - Spring 1: the first Monday on or after 2 January, for six weeks;
    - Spring 2: after a week of half-term, to the last Friday of March;
    - Summer 1: the second Monday of April, to the Friday before the late-May bank holiday
      (the last Monday of May);
    - Summer 2: the Monday after that half-term week, to the Friday nearest 21 July.
    The trust corrects the dates to its own calendar afterwards.
    """
    year, next_year = starts_in, starts_in + 1
    autumn_1 = _weekday_on_or_after(dt.date(year, 9, 1), _MONDAY)
    christmas_week = _weekday_on_or_before(dt.date(year, 12, 25), _MONDAY)
    spring_1 = _weekday_on_or_after(dt.date(next_year, 1, 2), _MONDAY)
    summer_1 = _weekday_on_or_after(dt.date(next_year, 4, 1), _MONDAY) + _WEEK
    late_may_holiday = _weekday_on_or_before(dt.date(next_year, 5, 31), _MONDAY)
    autumn_1_ends = autumn_1 + 7 * _WEEK - dt.timedelta(days=3)
    spring_1_ends = spring_1 + 6 * _WEEK - dt.timedelta(days=3)
    return [
        (autumn_1, autumn_1_ends),
        (_after_a_week_off(autumn_1_ends), christmas_week - dt.timedelta(days=3)),
        (spring_1, spring_1_ends),
        (
            _after_a_week_off(spring_1_ends),
            _weekday_on_or_before(dt.date(next_year, 3, 31), _FRIDAY),
        ),
        (summer_1, late_may_holiday - dt.timedelta(days=3)),
        (late_may_holiday + _WEEK, _friday_nearest(dt.date(next_year, 7, 21))),
    ]


def _year_free_check(*, trust: Trust, starts_in: int) -> None:
    if AcademicYear.objects.filter(trust=trust, starts_in=starts_in).exists():
        name = str(AcademicYear(starts_in=starts_in))
        raise ValidationError({"starts_in": f"The academic year {name} has already been added."})


def academic_year_create(*, trust: Trust, starts_in: int, acting_user: User | None) -> AcademicYear:
    """Add an academic year with its six half-terms on the English default dates."""
    year = AcademicYear(trust=trust, starts_in=starts_in)
    try:
        with transaction.atomic(durable=True):
            _year_free_check(trust=trust, starts_in=starts_in)
            year.full_clean(validate_constraints=False)
            year._history_user = acting_user  # type: ignore[attr-defined]
            year.save()
            names = list(HalfTerm.Name)
            for number, (starts_on, ends_on) in enumerate(default_half_terms(starts_in), start=1):
                half_term = HalfTerm(
                    trust=trust,
                    academic_year=year,
                    number=number,
                    name=names[number - 1],
                    starts_on=starts_on,
                    ends_on=ends_on,
                )
                half_term._history_user = acting_user  # type: ignore[attr-defined]
                half_term.save()
    except IntegrityError:
        # Another request added the same year between the check and the insert.
        _year_free_check(trust=trust, starts_in=starts_in)
        raise
    return year


def _long(day: dt.date) -> str:
    return date_format(day, "j F Y")


def _half_term_errors(
    year: AcademicYear, dates: dict[int, tuple[dt.date, dt.date]]
) -> dict[str, list[str]]:
    """What is wrong with the dates, keyed `starts_on_<number>` or `ends_on_<number>`."""
    first_day, last_day = dt.date(year.starts_in, 8, 1), dt.date(year.starts_in + 1, 8, 31)
    errors: dict[str, list[str]] = {}
    previous: tuple[str, dt.date] | None = None
    for number, name in enumerate(HalfTerm.Name.labels, start=1):
        starts_on, ends_on = dates[number]
        start_key, end_key = f"starts_on_{number}", f"ends_on_{number}"
        if starts_on < first_day:
            errors.setdefault(start_key, []).append(
                f"{name} must start on or after {_long(first_day)}."
            )
        if ends_on > last_day:
            errors.setdefault(end_key, []).append(f"{name} must end by {_long(last_day)}.")
        if ends_on <= starts_on:
            errors.setdefault(end_key, []).append(f"{name} must end after it starts.")
        if previous is not None and starts_on <= previous[1]:
            errors.setdefault(start_key, []).append(
                f"{name} must start after {previous[0]} ends ({_long(previous[1])})."
            )
        previous = (name, ends_on)
    return errors


def half_terms_update(
    *,
    academic_year: AcademicYear,
    dates: dict[int, tuple[dt.date, dt.date]],
    acting_user: User | None,
) -> AcademicYear:
    """Set the first and last day of each of the six half-terms, all or nothing.

    `dates` maps each number 1-6 to (first day, last day). Refusals are keyed by the form's
    fields, `starts_on_<number>` and `ends_on_<number>`. An unchanged half-term gets no history row.
    """
    if set(dates) != set(range(1, 7)):
        raise ValueError("half_terms_update needs the dates of all six half-terms")
    errors = _half_term_errors(academic_year, dates)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(durable=True):
        locked = AcademicYear.objects.select_for_update().get(
            pk=academic_year.pk, trust_id=academic_year.trust_id
        )
        for half_term in HalfTerm.objects.filter(trust_id=locked.trust_id, academic_year=locked):
            starts_on, ends_on = dates[half_term.number]
            if (half_term.starts_on, half_term.ends_on) == (starts_on, ends_on):
                continue
            half_term.starts_on, half_term.ends_on = starts_on, ends_on
            half_term._history_user = acting_user  # type: ignore[attr-defined]
            half_term.save(update_fields=["starts_on", "ends_on"])
    return locked
