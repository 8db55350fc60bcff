"""Writes of a trust's schools and clusters: adding, changing and closing them."""

import datetime as dt
from dataclasses import dataclass, fields

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from fht.models import Trust, User
from schools import selectors
from schools.hooks import structure_changed
from schools.models import (
    Cluster,
    School,
)

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
            structure_changed(trust=trust)
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
                structure_changed(trust=locked.trust)
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
        structure_changed(trust=trust)  # trust-wide roles see the new cluster
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


# --- Academic years ------------------------------------------------------------------------------
