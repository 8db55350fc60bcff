from django.urls import path

from accounts import views

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
        "people/<int:person_id>/two-factor/reset/",
        views.person_two_factor_reset,
        name="person_two_factor_reset",
    ),
]
