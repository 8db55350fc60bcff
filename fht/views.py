from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from fht.decorators import trust_member_required
from fht.jobs import access_job, job_retry, may_retry
from fht.models import Job
from fht.registry import panels_for
from fht.types import AuthenticatedRequest


@login_required
def home(request: AuthenticatedRequest) -> HttpResponse:
    """What the signed-in person can reach: the blocks each app adds for their roles."""
    user = request.user
    if user.trust_id is None:
        return render(request, "home_platform.html")
    return render(request, "home.html", {"panels": panels_for("home", user=user)})


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """For the load balancer and docker-compose: the process answers and the database is reachable."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


class SignInView(auth_views.LoginView):
    """Django's sign-in page, answering a refused sign-in with 400 as every form of ours does
    (fht.forms.form_page), not 200."""

    def form_invalid(self, form: Any) -> HttpResponse:
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """Django's password-reset request page, answering an address it cannot read with 400."""

    def form_invalid(self, form: Any) -> HttpResponse:
        response = super().form_invalid(form)
        response.status_code = 400
        return response


@trust_member_required
def job_status(request: AuthenticatedRequest, job_id: int) -> HttpResponse:
    """A job's progress: the banner alone for htmx polling, a whole page without JavaScript."""
    job = access_job(request.user, job_id)
    template = "includes/job_status.html" if request.htmx else "job_status.html"
    return render(request, template, {"job": job, "can_retry": may_retry(request.user, job)})


@require_POST
@trust_member_required
def job_retry_view(request: AuthenticatedRequest, job_id: int) -> HttpResponse:
    job = access_job(request.user, job_id, retry=True)
    if job.status != Job.Status.FAILED:
        return redirect("job_status", job_id=job.pk)
    job_retry(job=job)
    messages.success(request, "The job has been queued again.")
    return redirect("job_status", job_id=job.pk)


class OwnPasswordForm(PasswordChangeForm):
    """Django's form in the product's words."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        words = {
            "old_password": ("Your current password", "Enter your current password"),
            "new_password1": ("New password", "Enter a new password"),
            "new_password2": ("New password again", "Enter the new password again"),
        }
        for name, (label, required) in words.items():
            self.fields[name].label = label
            self.fields[name].error_messages["required"] = required
        self.fields["new_password2"].help_text = "Type it again, to be sure it is what you meant."
        self.error_messages = {  # this form's own copy: Django's class keeps its words
            **self.error_messages,
            "password_incorrect": "Your current password is not right: type it again",
        }


class PasswordChange(auth_views.PasswordChangeView):
    """Change one's own password: the current one first, the new one checked by the validators
    (at least 12 characters, not a common password, not like one's name or email). Other
    sessions of the person end with it (Django's session hash changes); this one stays."""

    form_class = OwnPasswordForm

    def form_invalid(self, form: PasswordChangeForm) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form), status=400)
