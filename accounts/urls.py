from django.urls import path
from django.views.i18n import JavaScriptCatalog
from django_otp_webauthn.views import BeginCredentialAuthenticationView

from accounts import passkeys, views

app_name = "accounts"

urlpatterns = [
    path("accounts/sessions/", views.session_list, name="session_list"),
    path("accounts/sessions/<int:session_id>/end/", views.session_end, name="session_end"),
    path("accounts/sessions/sign-out-others/", views.sign_out_others, name="sign_out_others"),
    path(
        "accounts/sessions/sign-out-everywhere/",
        views.sign_out_everywhere,
        name="sign_out_everywhere",
    ),
    path("trust/session-limits/", views.session_limits, name="session_limits"),
    path("trust/security/", views.security_settings, name="security_settings"),
    path("accounts/two-factor/", views.two_factor, name="two_factor"),
    path("accounts/two-factor/set-up/", views.two_factor_setup, name="two_factor_setup"),
    path("accounts/two-factor/code/", views.two_factor_verify, name="two_factor_verify"),
    path(
        "accounts/two-factor/recovery-codes/",
        views.recovery_codes_regenerate,
        name="recovery_codes_regenerate",
    ),
    path("accounts/two-factor/remove/", views.two_factor_remove, name="two_factor_remove"),
    path(
        "accounts/two-factor/passkeys/<int:passkey_id>/remove/",
        views.passkey_remove,
        name="passkey_remove",
    ),
    # The ceremonies (JSON, from the library's scripts) and the words those scripts show.
    path(
        "accounts/passkeys/registration/begin/",
        passkeys.PasskeyRegistrationBegin.as_view(),
        name="passkey_registration_begin",
    ),
    path(
        "accounts/passkeys/registration/complete/",
        passkeys.PasskeyRegistrationComplete.as_view(),
        name="passkey_registration_complete",
    ),
    path(
        "accounts/passkeys/authentication/begin/",
        BeginCredentialAuthenticationView.as_view(),
        name="passkey_authentication_begin",
    ),
    path(
        "accounts/passkeys/authentication/complete/",
        passkeys.PasskeyAuthenticationComplete.as_view(),
        name="passkey_authentication_complete",
    ),
    path(
        "accounts/passkeys/words.js",
        JavaScriptCatalog.as_view(packages=["django_otp_webauthn"]),
        name="passkey_words",
    ),
    path(
        "people/<int:person_id>/two-factor/reset/",
        views.person_two_factor_reset,
        name="person_two_factor_reset",
    ),
]
