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
]
