"""Writing the audit trail. `event_record` is the only road in; it never raises, so a trail that
cannot be written never turns the person's request into an error (the failure is logged)."""

import logging
from contextvars import ContextVar
from typing import Any

from axes.helpers import get_client_ip_address
from django.db import transaction
from django.http import HttpRequest

from audit.models import AuditEvent, Kind

logger = logging.getLogger(__name__)

USER_AGENT_LENGTH = 200
# The request being served, so a signal sent deep inside a service (a role given) knows who is
# acting and from where. Set by audit.capture.AuditMiddleware for the request's duration.
current_request: ContextVar[HttpRequest | None] = ContextVar("audit_request", default=None)


def _field_max(name: str) -> int:
    return int(getattr(AuditEvent._meta.get_field(name), "max_length", 0) or 0)


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address as django-axes reads it (the proxy settings of production apply)."""
    if request is None:
        return None
    try:
        return get_client_ip_address(request) or None
    except Exception:  # a malformed header must not break the request
        return request.META.get("REMOTE_ADDR") or None


def _person(user: Any) -> Any:
    return user if getattr(user, "is_authenticated", False) and getattr(user, "pk", None) else None


def event_record(
    *,
    kind: Kind,
    request: HttpRequest | None = None,
    user: Any = None,
    trust_id: int | None = None,
    email: str = "",
    what: str = "",
    status: int | None = None,
    ip: str | None = None,
) -> AuditEvent | None:
    """Append one event. The person defaults to the request's, the trust to the person's, the
    address to the request's. Returns None (and logs) when the row could not be written."""
    request = request if request is not None else current_request.get()
    if user is None and request is not None:
        user = getattr(request, "user", None)
    person = _person(user)
    if trust_id is None and person is not None:
        trust_id = person.trust_id
    agent = request.META.get("HTTP_USER_AGENT", "") if request is not None else ""
    event = AuditEvent(
        trust_id=trust_id,
        user=person,
        email=(person.email if person is not None else email)[: _field_max("email")],
        name=(person.full_name if person is not None else "")[: _field_max("name")],
        kind=kind,
        what=what[: _field_max("what")],
        status=status,
        ip=ip if ip is not None else client_ip(request),
        user_agent=agent[:USER_AGENT_LENGTH],
    )
    try:
        # A savepoint inside a caller's transaction: a refused insert leaves that transaction
        # usable, and the caller's work goes on.
        with transaction.atomic():
            event.save()
    except Exception:  # the trail must never break the request it records
        logger.exception("Could not write the audit event %s (%s)", kind, what)
        return None
    return event


def second_factor_failed(*, request: HttpRequest, user: Any, what: str = "") -> None:
    """For the two-factor sign-in to call when a code or key is refused."""
    event_record(kind=Kind.SECOND_FACTOR_FAILED, request=request, user=user, what=what)
