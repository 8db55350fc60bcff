"""The person's own sessions (every signed-in person), and the trust's session limits (its
administrators)."""

from dataclasses import dataclass

from axes.handlers.proxy import AxesProxyHandler
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from accounts import selectors, services
from accounts.forms import (
    CodeForm,
    ConfirmAppForm,
    PasswordConfirmForm,
    SecuritySettingsForm,
    SessionLimitsForm,
)
from accounts.models import SignInSession
from accounts.passkeys import passkey_configuration
from fht.access import access_for
from fht.decorators import trust_member_required
from fht.forms import add_service_error, form_page, posted
from fht.roles import TrustPerm
from fht.tenancy import trust_of
from fht.types import AuthenticatedRequest
from people.selectors import access_person_for_admin


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


# --- two-factor sign-in ----------------------------------------------------------------------


def _next_url(request: HttpRequest, default: str = "home") -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return wanted if wanted and safe else resolve_url(default)


def _verified(request: HttpRequest) -> bool:
    return bool(getattr(request.user, "is_verified", lambda: False)())


def _recheck_due(request: HttpRequest) -> None:
    """Make the middleware look again at the next request (a method was added or removed)."""
    request.session.pop(services.TWO_FACTOR_CHECKED, None)


def _codes_page(request: AuthenticatedRequest, codes: list[str], *, first: bool) -> HttpResponse:
    context = {"codes": codes, "first": first, "next": _next_url(request, "accounts:two_factor")}
    return render(request, "accounts/recovery_codes.html", context)


@login_required
def two_factor(request: AuthenticatedRequest) -> HttpResponse:
    context = {
        "methods": selectors.methods_of(request.user),
        "required": selectors.two_factor_required(request.user),
        "passkey_config": passkey_configuration(request),
    }
    return render(request, "accounts/two_factor.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_setup(request: AuthenticatedRequest) -> HttpResponse:
    methods = selectors.methods_of(request.user)
    if methods.any and not _verified(request):
        # Replacing a second factor takes the current one first.
        return redirect(f"{reverse('accounts:two_factor_verify')}?{request.GET.urlencode()}")
    device = services.totp_device_for_setup(user=request.user)
    form = ConfirmAppForm(posted(request))
    if form.is_bound and form.is_valid():
        if services.totp_confirm(request=request, device=device, code=form.cleaned_data["code"]):
            codes = services.recovery_codes_make(user=request.user)
            services.second_factor_changed_record(
                request=request,
                user=request.user,
                what="Authenticator app moved to a new device, new recovery codes"
                if methods.app is not None
                else "Authenticator app set up, with recovery codes",
            )
            return _codes_page(request, codes, first=True)
        form.add_error(
            "code",
            "That code is not right. Check the app shows this account, wait for a new code and "
            "type it in.",
        )
    context = {
        "form": form,
        "qr": selectors.qr_svg(device.config_url),
        "secret": selectors.secret_groups(device.bin_key),
        "replacing": methods.app is not None,
        "required": selectors.two_factor_required(request.user),
        "next": _next_url(request, "accounts:two_factor"),
    }
    return form_page(request, "accounts/two_factor_setup.html", context, bound=form.is_bound)


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_verify(request: AuthenticatedRequest) -> HttpResponse:
    if _verified(request):
        return redirect(_next_url(request))
    if not selectors.methods_of(request.user).any:
        return redirect(f"{reverse('accounts:two_factor_setup')}?{request.GET.urlencode()}")
    form = CodeForm(posted(request))
    if form.is_bound and form.is_valid():
        credentials = {"username": request.user.email}
        if AxesProxyHandler.is_locked(request, credentials):
            return _locked_out(request, credentials)
        code = form.cleaned_data["code"]
        wait = selectors.code_wait(user=request.user, code=code)
        device = None if wait else services.second_factor_check(request=request, code=code)
        if device is not None:
            services.second_factor_passed(request=request, device=device)
            return redirect(_next_url(request))
        recovery = not code.strip().replace(" ", "").isdigit()
        what = "Recovery code refused" if recovery else "Authenticator code refused"
        services.second_factor_refused(request=request, what=what)
        if getattr(request, "axes_locked_out", False):
            return _locked_out(request, credentials)
        form.add_error("code", _refusal(wait=wait, recovery=recovery))
    context = {
        "form": form,
        "next": _next_url(request),
        "has_passkey": bool(selectors.methods_of(request.user).passkeys),
        "passkey_config": passkey_configuration(request),
    }
    return form_page(request, "accounts/two_factor_verify.html", context, bound=form.is_bound)


def _refusal(*, wait: int, recovery: bool) -> str:
    if wait:
        seconds = "1 second" if wait == 1 else f"{wait} seconds"
        return f"Too many wrong codes: wait {seconds}, then type a new code."
    if recovery:
        return "That code is not right, or it has been used already. Check it and try again."
    return "That code is not right. Type the code your authenticator app shows now."


def _locked_out(request: AuthenticatedRequest, credentials: dict[str, str]) -> HttpResponse:
    """Too many wrong codes: signed out, and django-axes' middleware answers with its lockout
    page, as for too many wrong passwords."""
    logout(request)
    setattr(request, "axes_locked_out", True)  # noqa: B010
    setattr(request, "axes_credentials", credentials)  # noqa: B010
    return HttpResponse(status=429)


@require_POST
@login_required
def recovery_codes_regenerate(request: AuthenticatedRequest) -> HttpResponse:
    if selectors.methods_of(request.user).app is None:
        raise Http404("Set up an authenticator app first")
    codes = services.recovery_codes_make(user=request.user)
    services.second_factor_changed_record(
        request=request, user=request.user, what="New recovery codes made (the old ones stopped)"
    )
    messages.success(request, "You have new recovery codes: the old ones no longer work.")
    return _codes_page(request, codes, first=False)


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_remove(request: AuthenticatedRequest) -> HttpResponse:
    methods = selectors.methods_of(request.user)
    if not methods.any:
        return redirect("accounts:two_factor")
    form = PasswordConfirmForm(posted(request), user=request.user)
    if form.is_bound and form.is_valid():
        services.second_factor_remove(user=request.user)
        services.second_factor_changed_record(
            request=request, user=request.user, what="Two-factor sign-in removed"
        )
        _recheck_due(request)
        messages.success(request, "Two-factor sign-in has been removed from your account.")
        return redirect("accounts:two_factor")
    context = {"form": form, "required": selectors.two_factor_required(request.user)}
    return form_page(request, "accounts/two_factor_remove.html", context, bound=form.is_bound)


@require_POST
@login_required
def passkey_remove(request: AuthenticatedRequest, passkey_id: int) -> HttpResponse:
    if not services.passkey_remove(user=request.user, passkey_id=passkey_id):
        raise Http404("No such passkey")
    services.second_factor_changed_record(
        request=request, user=request.user, what="A passkey removed"
    )
    _recheck_due(request)
    messages.success(request, "The passkey has been removed.")
    return redirect("accounts:two_factor")


@trust_member_required
@require_http_methods(["GET", "POST"])
def security_settings(request: AuthenticatedRequest) -> HttpResponse:
    selectors.require_manage_security(request.user)
    trust = trust_of(request.user)
    initial = {"two_factor_roles": selectors.required_roles(trust.pk)}
    form = SecuritySettingsForm(posted(request), initial=initial)
    if form.is_bound and form.is_valid():
        services.two_factor_roles_set(
            trust=trust, roles=form.cleaned_data["two_factor_roles"], acting_user=request.user
        )
        messages.success(request, "The security settings have been updated.")
        return redirect("accounts:security_settings")
    return form_page(
        request, "accounts/security_settings.html", {"form": form}, bound=form.is_bound
    )


@trust_member_required
@require_http_methods(["GET", "POST"])
def person_two_factor_reset(request: AuthenticatedRequest, person_id: int) -> HttpResponse:
    person = access_person_for_admin(request.user, person_id)
    if person.pk == request.user.pk:
        messages.info(request, "Your own two-factor sign-in is managed on your Two-factor page.")
        return redirect("accounts:two_factor")
    methods = selectors.methods_of(person)
    # The administrator confirms with their own password: a session left open is not enough.
    form = PasswordConfirmForm(posted(request) if methods.any else None, user=request.user)
    if form.is_bound and form.is_valid():
        services.second_factor_reset(request=request, person=person, acting_user=request.user)
        messages.success(
            request,
            f"{person.full_name}'s two-factor sign-in has been reset and they have been signed out "
            "everywhere. If a role of theirs requires it, they set it up again when they next "
            "sign in.",
        )
        return redirect("people:detail", person_id=person.pk)
    context = {"person": person, "methods": methods, "form": form}
    return form_page(request, "accounts/person_two_factor_reset.html", context, bound=form.is_bound)
