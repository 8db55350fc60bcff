"""Signs a person out when their session has been idle longer than their trust allows, or is older
than its absolute lifetime, or was ended from another device (its Django session is then gone, so
the request arrives signed out already)."""

import time
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url

from accounts.services import (
    IDLE,
    LIFETIME,
    SEEN,
    SEEN_EVERY,
    SIGNED_IN,
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
