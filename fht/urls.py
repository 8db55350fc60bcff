from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from fht import views
from fht.forms import SignInForm

admin.site.site_header = "School improvement: platform administration"
admin.site.site_title = "Platform administration"

auth_patterns = [
    path(
        "sign-in/",
        auth_views.LoginView.as_view(
            authentication_form=SignInForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("password-reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("jobs/<int:job_id>/", views.job_status, name="job_status"),
    path("jobs/<int:job_id>/retry/", views.job_retry_view, name="job_retry"),
    path("accounts/", include(auth_patterns)),
    path("", include("schools.urls")),
    path("", include("people.urls")),
    path("", include("returns.urls")),
    path("", include("qa_visits.urls")),
    path("", include("isap.urls")),
    path("admin/", admin.site.urls),
]
