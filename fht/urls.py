from importlib.util import find_spec
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import URLPattern, URLResolver, include, path

from fht import views
from fht.forms import SignInForm

admin.site.site_header = "School improvement: platform administration"
admin.site.site_title = "Platform administration"

auth_patterns = [
    path(
        "sign-in/",
        views.SignInView.as_view(authentication_form=SignInForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
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
    path("password/", views.PasswordChange.as_view(), name="password_change"),
    path(
        "password/changed/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("jobs/<int:job_id>/", views.job_status, name="job_status"),
    path("jobs/<int:job_id>/retry/", views.job_retry_view, name="job_retry"),
    path("accounts/", include(auth_patterns)),
]


def app_urls() -> list[URLPattern | URLResolver]:
    """Each of the project's own apps' `urls.py` (with its `app_name` namespace), mounted at the
    root in INSTALLED_APPS order: an app adds pages by adding its urls.py, with no edit here.
    Installed libraries (anything not a folder of the project itself) are left out."""
    project = Path(settings.BASE_DIR).resolve()
    found: list[URLPattern | URLResolver] = []
    for config in apps.get_app_configs():
        if config.name == "fht" or Path(config.path).resolve().parent != project:
            continue
        if find_spec(f"{config.name}.urls") is not None:
            found.append(path("", include(f"{config.name}.urls")))
    return found


urlpatterns += [*app_urls(), path("admin/", admin.site.urls)]
