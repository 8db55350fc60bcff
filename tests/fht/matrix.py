"""Permission-matrix cases for the core pages (fht): the home page, a job's status and retry, and
the public pages (health check, signing in and out, password reset).

Every member of the trust has a home page, even with no role (it shows what to do next); platform
staff have one too. A job's page is for the trust's administrators; another trust's job is 404.
"""

from tests.matrix import ADMINISTRATORS, Case

_JOBS = {"in": ADMINISTRATORS, "out": ADMINISTRATORS, "other": set()}

CASES: dict[str, Case] = {
    "home": Case(any_member=True, superuser=200),
    # Everyone signed in changes their own password (platform staff included).
    "password_change": Case(any_member=True, superuser=200),
    "password_change_done": Case(any_member=True, superuser=200),
    "job_status": Case(
        kwargs=lambda w, scope: {
            "job_id": {"in": w.job, "out": w.job, "other": w.other_job}[scope].pk
        },
        allowed=_JOBS,
    ),
    "job_retry": Case(
        kwargs=lambda w, scope: {
            "job_id": {"in": w.job, "out": w.job, "other": w.other_job}[scope].pk
        },
        allowed=_JOBS,
        method="post",
        ok=302,
    ),
    # Public pages.
    "healthz": Case(public=True),
    "login": Case(public=True),
    "password_reset": Case(public=True),
    "password_reset_done": Case(public=True),
    "password_reset_complete": Case(public=True),
    "password_reset_confirm": Case(
        public=True, kwargs=lambda w, scope: {"uidb64": "MQ", "token": "not-a-real-token"}
    ),
    "logout": Case(public=True, method="post"),
}
