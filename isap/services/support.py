"""Writes of the support deployed under a plan's priorities, and its impact."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fht.models import User
from isap.models import (
    Deployment,
    Priority,
)
from isap.services.actions import DEPLOYMENT_FIELDS, _check_version
from isap.services.plans import _as

# --- support deployments --------------------------------------------------------------------------


@dataclass
class DeploymentData:
    provider: str
    person: User | None
    provider_name: str
    days: Any
    cost: Any
    funder: str
    starts_on: dt.date
    desired_outcome: str


def deployment_save(
    *,
    priority: Priority,
    data: DeploymentData,
    acting_user: User,
    deployment: Deployment | None = None,
    version: int | None = None,
) -> Deployment:
    if data.person is None and not data.provider_name.strip():
        raise ValidationError(
            {"person": "Choose the person deployed, or give an external provider's name."}
        )
    if data.person is not None and data.person.trust_id != priority.trust_id:
        raise ValidationError({"person": "Choose a person of the trust."})
    with transaction.atomic():
        if deployment is None:
            locked = Deployment(trust_id=priority.trust_id, priority=priority)
        else:
            locked = Deployment.objects.select_for_update().get(pk=deployment.pk)
            _check_version(locked, version, DEPLOYMENT_FIELDS)
            locked.version += 1
        for name, value in vars(data).items():
            setattr(locked, name, value)
        locked.full_clean(exclude=["priority", "trust"])
        _as(locked, acting_user).save()
    return locked


def deployment_impact(
    *, deployment: Deployment, impact: str, version: int | None, acting_user: User
) -> Deployment:
    """The impact of a deployment, recorded afterwards (by the person deployed or the director)."""
    with transaction.atomic():
        locked = Deployment.objects.select_for_update().get(pk=deployment.pk)
        _check_version(locked, version, DEPLOYMENT_FIELDS)
        if locked.impact == impact:
            return locked
        locked.impact = impact
        locked.impact_recorded_at = timezone.now() if impact.strip() else None
        locked.version += 1
        _as(locked, acting_user).save()
    return locked
