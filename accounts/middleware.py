"""Signs a person out when their session has been idle longer than their trust allows, or is older
than its absolute lifetime, or was ended from another device (its Django session is then gone, so
the request arrives signed out already)."""

import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, resolve_url
from django.urls import reverse

from accounts import selectors
from accounts.services import (
    IDLE,
    LIFETIME,
    SEEN,
    SEEN_EVERY,
    SIGNED_IN,
    TWO_FACTOR_CHECKED,
    TWO_FACTOR_STATE,
    failed_sign_ins_forget,
    session_record,
    session_seen,
)
from fht.models import User


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _hours(seconds: float) -> str:
    hours = round(seconds / 3600)
    return "1 hour" if hours == 1 else f"{hours} hours"


class SessionLimitsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            ended = self._check(request)
            if ended is not None:
                return ended
        key = request.session.session_key
        response = self.get_response(request)
        user = request.user
        new_key = request.session.session_key
        if user.is_authenticated and new_key is not None and new_key != key:
            # Signing in, or a password change, gave the session a new key: keep it in the list.
            session_record(request=request, user=user)
        return response

    def _check(self, request: HttpRequest) -> HttpResponse | None:
        session = request.session
        signed_in = _number(session.get(SIGNED_IN))
        seen = _number(session.get(SEEN))
        idle = _number(session.get(IDLE))
        lifetime = _number(session.get(LIFETIME))
        if signed_in is None or seen is None or idle is None or lifetime is None:
            return _sign_out(request, "Your session has ended. Sign in again to carry on.")
        now = time.time()
        if now - seen > idle:
            minutes = round(idle / 60)
            return _sign_out(
                request,
                f"You were signed out after {minutes} minutes without activity. "
                "Sign in again to carry on.",
            )
        if now - signed_in > lifetime:
            return _sign_out(
                request,
                f"You were signed out because you signed in more than {_hours(lifetime)} ago. "
                "Sign in again to carry on.",
            )
        if now - seen >= SEEN_EVERY:
            user: User = request.user  # type: ignore[assignment]
            session_seen(request=request, user=user, now=now)
        return None


def _sign_out(request: HttpRequest, message: str) -> HttpResponse:
    logout(request)
    messages.info(request, message)
    if request.headers.get("HX-Request") == "true":
        # htmx would put the sign-in page inside the part it was updating: load it whole instead.
        return HttpResponse(status=204, headers={"HX-Redirect": resolve_url("login")})
    return redirect_to_login(request.get_full_path())


# --- two-factor sign-in ----------------------------------------------------------------------

# What a person who still owes a second factor may reach: the set-up and code pages, signing out.
_OPEN_WHILE_DUE = frozenset(
    {
        "accounts:two_factor_verify",
        "accounts:two_factor_setup",
        "accounts:passkey_authentication_begin",
        "accounts:passkey_authentication_complete",
        "accounts:passkey_words",
        "logout",
        "login",
        "password_reset",
        "password_reset_done",
        "password_reset_confirm",
        "password_reset_complete",
    }
)
# How often a session that owes nothing looks again (a policy may have changed, a device gone).
TWO_FACTOR_RECHECK = 60


def two_factor_state_start(
    sender: object, request: HttpRequest | None, user: User, **kw: object
) -> None:
    """On signing in with a password: note what the person still owes (a code, or a set-up), so
    the pages after it need no query to know."""
    if request is None or not hasattr(request, "session"):
        return
    due = selectors.second_factor_due(user)
    request.session[TWO_FACTOR_STATE] = due
    request.session[TWO_FACTOR_CHECKED] = time.time()
    if due != selectors.VERIFY:
        failed_sign_ins_forget(request=request, user=user)


def _verified(request: HttpRequest) -> bool:
    """Whether the session gave a second factor (django-otp's OTPMiddleware sets this)."""
    return bool(getattr(request.user, "is_verified", lambda: False)())


class TwoFactorMiddleware:
    """A person who has a second factor gives it before reaching anything; a person whose role in
    their trust requires one, and who has none, reaches only the set-up page; platform staff give
    one before the Django admin. Signing out stays open to everyone."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: object, args: object, kwargs: object
    ) -> HttpResponse | None:
        if not request.user.is_authenticated or _verified(request):
            return None
        user: User = request.user
        match = request.resolver_match
        name = match.view_name if match is not None else ""
        if name in _OPEN_WHILE_DUE:
            return None
        due = self._due(request, user)
        if not due and match is not None and "admin" in match.namespaces and user.is_staff:
            due = selectors.VERIFY if selectors.methods_of(user).any else selectors.SET_UP
        if not due:
            return None
        target = (
            "accounts:two_factor_verify" if due == selectors.VERIFY else "accounts:two_factor_setup"
        )
        url = f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}"
        if request.headers.get("HX-Request") == "true":
            return HttpResponse(status=204, headers={"HX-Redirect": url})
        return redirect(url)

    @staticmethod
    def _due(request: HttpRequest, user: User) -> str:
        session = request.session
        checked = _number(session.get(TWO_FACTOR_CHECKED))
        state = session.get(TWO_FACTOR_STATE)
        if (
            checked is None
            or not isinstance(state, str)
            or time.time() - checked >= TWO_FACTOR_RECHECK
        ):
            state = selectors.second_factor_due(user)
            session[TWO_FACTOR_STATE] = state
            session[TWO_FACTOR_CHECKED] = time.time()
        return state
