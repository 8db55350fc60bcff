"""Passkeys (WebAuthn) as a second factor, through django-otp-webauthn, inside our own pages.

The library's JSON views do the ceremonies; here are the relying party (this site, as the
request names it: Django has checked the host against ALLOWED_HOSTS), the configuration the
library's scripts read (from an element's text, not an inline script, for the strict CSP), and
the completion of a sign-in with a passkey, which counts a refusal like a wrong code and starts
a verified session under a new key as a code does."""

import json
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware import csrf
from django.urls import reverse
from django_otp_webauthn import exceptions
from django_otp_webauthn.helpers import WebAuthnHelper
from django_otp_webauthn.views import (
    BeginCredentialRegistrationView,
    CompleteCredentialAuthenticationView,
    CompleteCredentialRegistrationView,
)

from accounts import services


def relying_party_id(request: HttpRequest) -> str:
    """The site's host name, without the port."""
    return request.get_host().rsplit(":", 1)[0]


class PasskeyHelper(WebAuthnHelper):
    def get_allowed_origins(self) -> list[str]:
        origins = list(settings.OTP_WEBAUTHN_ALLOWED_ORIGINS)
        if settings.FHT_PASSKEY_ORIGIN_FROM_REQUEST:
            origins.append(f"{self.request.scheme}://{self.request.get_host()}")
        return origins


def passkey_configuration(request: HttpRequest) -> str:
    """What the library's scripts read from #otp_webauthn_config, as JSON text."""
    return json.dumps(
        {
            "autocompleteLoginFieldSelector": None,
            "nextFieldSelector": "input[name='next']",
            "csrfToken": csrf.get_token(request),
            "beginAuthenticationUrl": reverse("accounts:passkey_authentication_begin"),
            "completeAuthenticationUrl": reverse("accounts:passkey_authentication_complete"),
            "beginRegistrationUrl": reverse("accounts:passkey_registration_begin"),
            "completeRegistrationUrl": reverse("accounts:passkey_registration_complete"),
        }
    )


class PasskeyRegistrationBegin(BeginCredentialRegistrationView):
    def check_can_register(self) -> None:
        super().check_can_register()
        if not services.may_add_second_factor(request=self.request):
            raise exceptions.UserDisabled()


class PasskeyRegistrationComplete(CompleteCredentialRegistrationView):
    def check_can_register(self) -> None:
        super().check_can_register()
        if not services.may_add_second_factor(request=self.request):
            raise exceptions.UserDisabled()

    def post(self, *args: Any, **kwargs: Any) -> HttpResponse:
        response: HttpResponse = super().post(*args, **kwargs)
        if response.status_code == 200:
            services.second_factor_changed_record(
                request=self.request, user=self.request.user, what="A passkey added"
            )
        return response


class PasskeyAuthenticationComplete(CompleteCredentialAuthenticationView):
    """Signing in with a passkey after the password (never instead of it)."""

    def complete_auth(self, device: Any) -> None:
        services.second_factor_passed(request=self.request, device=device)

    def handle_exception(self, exc: Exception) -> HttpResponse:
        if isinstance(exc, exceptions.OTPWebAuthnApiError) and self.request.user.is_authenticated:
            services.second_factor_refused(request=self.request, what="Passkey refused")
        return super().handle_exception(exc)
