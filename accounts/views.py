"""The person's own sessions (every signed-in person), and the trust's session limits (its
administrators)."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts import selectors, services
from accounts.forms import SessionLimitsForm
from accounts.models import SignInSession
from fht.access import access_for
from fht.decorators import trust_member_required
from fht.forms import add_service_error, form_page, posted
from fht.roles import TrustPerm
from fht.tenancy import trust_of
from fht.types import AuthenticatedRequest


@dataclass(frozen=True)
class SessionLine:
    row: SignInSession
    device: str
    is_current: bool


@login_required
def session_list(request: AuthenticatedRequest) -> HttpResponse:
    current = request.session.session_key
    lines = [
        SessionLine(row, selectors.device_of(row.user_agent), row.session_id == current)
        for row in selectors.sessions_of(user=request.user, now=timezone.now())
    ]
    lines.sort(key=lambda line: not line.is_current)
    context = {
        "lines": lines,
        "others": sum(not line.is_current for line in lines),
        "limits": selectors.limits_for(request.user),
        "can_set_limits": access_for(request.user).has_trust_perm(TrustPerm.MANAGE_PEOPLE),
    }
    return render(request, "accounts/session_list.html", context)


def _signed_out(request: AuthenticatedRequest, message: str) -> HttpResponse:
    logout(request)
    messages.success(request, message)
    return redirect("login")


@require_POST
@login_required
def session_end(request: AuthenticatedRequest, session_id: int) -> HttpResponse:
    row = selectors.access_session(request.user, session_id)
    if row.session_id == request.session.session_key:
        return _signed_out(request, "You have been signed out on this device.")
    services.session_end(row=row)
    messages.success(
        request, f"The session on {selectors.device_of(row.user_agent)} has been ended."
    )
    return redirect("accounts:session_list")


@require_POST
@login_required
def sign_out_others(request: AuthenticatedRequest) -> HttpResponse:
    ended = services.sessions_end_all(user=request.user, keep_key=request.session.session_key)
    what = "1 other session" if ended == 1 else f"{ended} other sessions"
    messages.success(request, f"You have been signed out everywhere else ({what} ended).")
    return redirect("accounts:session_list")


@require_POST
@login_required
def sign_out_everywhere(request: AuthenticatedRequest) -> HttpResponse:
    services.sessions_end_all(user=request.user)
    return _signed_out(request, "You have been signed out everywhere, this device included.")


@trust_member_required
def session_limits(request: AuthenticatedRequest) -> HttpResponse:
    selectors.require_manage_session_limits(request.user)
    trust = trust_of(request.user)
    initial = {
        "session_idle_minutes": trust.session_idle_minutes,
        "session_lifetime_hours": trust.session_lifetime_hours,
    }
    form = SessionLimitsForm(posted(request), initial=initial)
    if form.is_bound and form.is_valid():
        try:
            services.trust_session_limits_set(
                trust=trust,
                idle_minutes=form.cleaned_data["session_idle_minutes"],
                lifetime_hours=form.cleaned_data["session_lifetime_hours"],
                acting_user=request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "The session limits have been updated.")
            return redirect("accounts:session_list")
    return form_page(request, "accounts/session_limits.html", {"form": form}, bound=form.is_bound)
