"""What the school dashboard registers (called from DashboardsConfig.ready()): a link to it on the
school's own page for those who may read it, and the job that makes its PDF."""

from typing import Any

from fht.models import Job, User
from fht.registry import JobKind, Panel, PanelContent, jobs, panels


def school_panel(user: User, school: Any) -> PanelContent | None:
    from dashboards.selectors.school import reads_school_dashboard

    if not reads_school_dashboard(user, school.pk):
        return None
    return PanelContent(template="dashboards/_school_panel.html", context={"school": school})


def _run(job: Job) -> str:
    from dashboards.services.school import school_pdf_run

    return school_pdf_run(job)


def _may_follow(user: User, job: Job) -> bool:
    from dashboards.services.school import may_follow_school_pdf

    return may_follow_school_pdf(user, job)


def register() -> None:
    panels.register(Panel(slot="school", key="school:dashboard", build=school_panel, order=5))
    jobs.register(
        JobKind(
            key="school_dashboard_pdf",
            label="The school on a page as a PDF",
            run=_run,
            may_follow=_may_follow,
        )
    )
