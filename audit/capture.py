"""Where the events come from, without the apps that cause them knowing: Django's sign-in signals,
django-axes' lockout signal, a middleware for refusals and file responses, and the saves of import
records, role assignments and the feed's use log."""

import re
from collections.abc import Callable
from typing import Any

from axes.helpers import get_cool_off
from axes.signals import user_locked_out
from django.apps import apps
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.core.exceptions import PermissionDenied
from django.db.models.signals import post_delete, post_init, post_save
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils import timezone
from django_scopes import scopes_disabled

from accounts.signals import (
    second_factor_changed,
    second_factor_failed,
    second_factor_given,
    second_factor_reset,
    security_settings_changed,
)
from audit.models import AuditEvent, Kind
from audit.services import client_ip, current_request, event_record
from audit.services import second_factor_failed as second_factor_failed_record
from fht.models import ImportRecord, User

_FILENAME = re.compile(r"""filename\*?=(?:UTF-8'')?"?([^";]+)"?""", re.IGNORECASE)
_REFUSED = "_audit_refused"


class AuditMiddleware:
    """Records refusals (a 404 or 403 raised by a view for a signed-in person) and files handed
    over as attachments (CSV: an export; anything else, a PDF: a download).

    The row is written after the view has returned, outside any transaction the view opened
    (ATOMIC_REQUESTS included), so a view's rollback never takes the row with it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        token = current_request.set(request)
        try:
            response = self.get_response(request)
        finally:
            current_request.reset(token)
        refused: int | None = getattr(request, _REFUSED, None)
        if refused is not None:
            event_record(
                kind=Kind.REFUSED, request=request, what=request.get_full_path(), status=refused
            )
        elif _signed_in(request) and response.status_code == 200:
            self._file(request, response)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if _signed_in(request):
            if isinstance(exception, Http404):
                setattr(request, _REFUSED, 404)
            elif isinstance(exception, PermissionDenied):
                setattr(request, _REFUSED, 403)
        return None

    @staticmethod
    def _file(request: HttpRequest, response: HttpResponseBase) -> None:
        disposition = response.get("Content-Disposition", "")
        if not disposition.lower().startswith("attachment"):
            return
        found = _FILENAME.search(disposition)
        filename = found.group(1) if found else ""
        csv = "csv" in response.get("Content-Type", "") or filename.lower().endswith(".csv")
        event_record(
            kind=Kind.EXPORT if csv else Kind.DOWNLOAD,
            request=request,
            what=f"{filename} from {request.get_full_path()}" if filename else request.path,
            status=response.status_code,
        )


def _signed_in(request: HttpRequest) -> bool:
    return bool(getattr(getattr(request, "user", None), "is_authenticated", False))


# --- signing in and out ----------------------------------------------------------------------


def _known(email: str) -> User | None:
    """The person an email names, if any (for the trust of a failed sign-in)."""
    if not email:
        return None
    return (
        User.objects.filter(email__iexact=email.strip())
        .only("pk", "email", "full_name", "trust_id")
        .first()
    )


def _signed_in_event(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    event_record(kind=Kind.SIGN_IN, request=request, user=user)


def _signed_out_event(
    sender: Any, request: HttpRequest | None, user: User | None, **kwargs: Any
) -> None:
    if user is not None:
        event_record(kind=Kind.SIGN_OUT, request=request, user=user)


def _failed_event(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    email = str(credentials.get("username") or credentials.get("email") or "")[:254]
    person = _known(email)
    event_record(
        kind=Kind.SIGN_IN_FAILED,
        request=request,
        user=person,
        trust_id=person.trust_id if person else None,
        email=email,
        what="" if person else "No one has this email address",
    )


def _locked_out_event(
    sender: Any,
    request: HttpRequest | None,
    username: str | None,
    ip_address: str | None = None,
    **kwargs: Any,
) -> None:
    email = str(username or "")[:254]
    ip = ip_address if ip_address is not None else client_ip(request)
    # Every attempt while locked out is already a failed sign-in row; the lockout itself is
    # recorded once per cool-off, so a script hammering one email adds one row per attempt only.
    since = timezone.now() - get_cool_off(request) if get_cool_off(request) else None
    with scopes_disabled():
        held = AuditEvent.objects.filter(kind=Kind.LOCKOUT, email=email, ip=ip)
        if since is not None and held.filter(at__gte=since).exists():
            return
    person = _known(email)
    event_record(
        kind=Kind.LOCKOUT,
        request=request,
        user=person,
        trust_id=person.trust_id if person else None,
        email=email,
        what="Too many failed sign-ins: refused until the lockout ends",
        ip=ip,
    )


def _second_factor_failed(
    sender: Any, request: HttpRequest, user: User, what: str = "", **kwargs: Any
) -> None:
    second_factor_failed_record(request=request, user=user, what=what)


def _second_factor_given(
    sender: Any, request: HttpRequest, user: User, what: str = "", **kwargs: Any
) -> None:
    event_record(
        kind=Kind.SECOND_FACTOR_GIVEN,
        request=request,
        user=user,
        trust_id=user.trust_id,
        what=f"Sign-in completed with {what}" if what else "Sign-in completed",
    )


def _second_factor_changed(
    sender: Any, request: HttpRequest, user: User, what: str = "", **kwargs: Any
) -> None:
    event_record(
        kind=Kind.SECOND_FACTOR_CHANGED,
        request=request,
        user=user,
        trust_id=user.trust_id,
        what=what,
    )


def _security_settings_changed(
    sender: Any, request: HttpRequest | None, user: User, trust_id: int, what: str, **kwargs: Any
) -> None:
    event_record(
        kind=Kind.SECURITY_SETTINGS,
        request=request or current_request.get(),
        user=user,
        trust_id=trust_id,
        what=what,
    )


def _second_factor_reset(
    sender: Any, request: HttpRequest, user: User, acting_user: User, **kwargs: Any
) -> None:
    """Recorded as the administrator's act, naming the person whose factor it was."""
    event_record(
        kind=Kind.SECOND_FACTOR_RESET,
        request=request,
        user=acting_user,
        trust_id=user.trust_id,
        what=f"Two-factor sign-in reset for {user.full_name or user.email} ({user.email})",
    )


# --- imports ---------------------------------------------------------------------------------

_SEEN = "_audit_status_seen"


def _remember_status(sender: Any, instance: Any, **kwargs: Any) -> None:
    setattr(instance, _SEEN, instance.__dict__.get("status"))


def _import_event(sender: Any, instance: ImportRecord, created: bool, **kwargs: Any) -> None:
    before = None if created else getattr(instance, _SEEN, None)
    setattr(instance, _SEEN, instance.status)
    if instance.status == before:
        return
    if instance.status == ImportRecord.Status.APPLIED:
        by = instance.applied_by or instance.uploaded_by
        verb = "Imported"
    elif instance.status == ImportRecord.Status.REFUSED:
        by = instance.uploaded_by
        verb = "Refused (errors in the file)"
    else:
        return
    event_record(
        kind=Kind.IMPORT,
        user=by,
        trust_id=instance.trust_id,
        what=f"{verb}: {instance.label}, {instance.file_name}",
    )


# --- role changes ----------------------------------------------------------------------------

_ENDED_SEEN = "_audit_ended_seen"


def _remember_ended(sender: Any, instance: Any, **kwargs: Any) -> None:
    setattr(instance, _ENDED_SEEN, instance.__dict__.get("ended_at"))


def _role_words(assignment: Any) -> str:
    where = assignment.school or assignment.cluster
    at = f" at {where}" if where else ""
    return f"{assignment.get_role_display()}{at}, for {assignment.person}"


def _role_actor(assignment: Any) -> User | None:
    actor = getattr(assignment, "_history_user", None)
    if actor is not None:
        return actor
    request = current_request.get()
    user = getattr(request, "user", None)
    return user if getattr(user, "is_authenticated", False) else None


def _role_saved(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    before = getattr(instance, _ENDED_SEEN, None)
    setattr(instance, _ENDED_SEEN, instance.ended_at)
    if created:
        verb = "Role given"
    elif before is None and instance.ended_at is not None:
        verb = "Role ended"
    else:
        verb = "Role changed"
    _role_event(instance, verb)


def _role_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    _role_event(instance, "Role removed")


def _role_event(assignment: Any, verb: str) -> None:
    actor = _role_actor(assignment)
    event_record(
        kind=Kind.ROLE_CHANGE,
        request=current_request.get() if actor is not None else None,
        user=actor,
        trust_id=assignment.trust_id,
        what=f"{verb}: {_role_words(assignment)}",
    )


# --- the data feed ---------------------------------------------------------------------------


def _feed_used(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    if not created:
        return
    token = instance.token
    query = f"?{instance.query}" if instance.query else ""
    event_record(
        kind=Kind.FEED_USE,
        user=None,
        trust_id=instance.trust_id,
        email=f"Feed token {token.key_prefix}…",
        what=f"{token.name}: {instance.table}.{instance.format}{query}",
        status=instance.status,
        ip=instance.ip,
    )


def connect() -> None:
    user_logged_in.connect(_signed_in_event, dispatch_uid="audit.sign_in")
    user_logged_out.connect(_signed_out_event, dispatch_uid="audit.sign_out")
    user_login_failed.connect(_failed_event, dispatch_uid="audit.sign_in_failed")
    user_locked_out.connect(_locked_out_event, dispatch_uid="audit.lockout")
    second_factor_failed.connect(_second_factor_failed, dispatch_uid="audit.second_factor_failed")
    second_factor_reset.connect(_second_factor_reset, dispatch_uid="audit.second_factor_reset")
    second_factor_given.connect(_second_factor_given, dispatch_uid="audit.second_factor_given")
    second_factor_changed.connect(
        _second_factor_changed, dispatch_uid="audit.second_factor_changed"
    )
    security_settings_changed.connect(
        _security_settings_changed, dispatch_uid="audit.security_settings_changed"
    )
    post_init.connect(_remember_status, sender=ImportRecord, dispatch_uid="audit.import_init")
    post_save.connect(_import_event, sender=ImportRecord, dispatch_uid="audit.import")
    role = apps.get_model("people", "RoleAssignment")
    post_init.connect(_remember_ended, sender=role, dispatch_uid="audit.role_init")
    post_save.connect(_role_saved, sender=role, dispatch_uid="audit.role_saved")
    post_delete.connect(_role_deleted, sender=role, dispatch_uid="audit.role_deleted")
    feed_use = apps.get_model("feed", "FeedUse")
    post_save.connect(_feed_used, sender=feed_use, dispatch_uid="audit.feed_use")
