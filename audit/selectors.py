"""Reads of the audit trail: only ever the reader's own trust, and only for its CEO and trust
administrators."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from audit.models import AuditEvent
from fht.access import Access, access_for
from fht.models import User
from fht.roles import Role

READERS = frozenset({Role.CEO, Role.TRUST_ADMIN})


def can_read_trail(access: Access) -> bool:
    return bool(READERS & set(access.roles))


@dataclass(frozen=True)
class Filters:
    kind: str = ""
    person: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def event_list(*, user: User, filters: Filters) -> "QuerySet[AuditEvent]":
    """The events of the reader's trust matching the filters (404 for anyone else)."""
    access = access_for(user)
    if not can_read_trail(access) or access.trust_id is None:
        raise Http404("Not a page of yours")
    events = AuditEvent.objects.for_trust(access.trust_id)
    if filters.kind:
        events = events.filter(kind=filters.kind)
    if filters.person:
        events = events.filter(
            Q(name__icontains=filters.person) | Q(email__icontains=filters.person)
        )
    if filters.date_from:
        events = events.filter(at__gte=_start_of(filters.date_from))
    if filters.date_to:
        events = events.filter(at__lt=_start_of(filters.date_to + dt.timedelta(days=1)))
    return events
