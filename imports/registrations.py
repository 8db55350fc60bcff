"""What imports adds to the core (called from ImportsConfig.ready()): its import kinds, the two
background jobs (the dry run and the import), the menu entry and a link on each school's page."""

from typing import Any

from fht.access import Access
from fht.jobs import trust_permission
from fht.models import Job, User
from fht.registry import (
    ImportKind,
    JobKind,
    MenuSection,
    Panel,
    PanelContent,
    imports,
    jobs,
    menu,
    panels,
)
from fht.roles import TrustPerm


def _check(job: Job) -> str:
    from imports.services import check_run

    return check_run(job)


def _apply(job: Job) -> str:
    from imports.services import apply_run

    return apply_run(job)


def _failed(job: Job, error: BaseException) -> str:
    from imports.services import import_failed

    return import_failed(job, error)


def _menu_visible(user: User, access: Access) -> bool:
    return access.has_trust_perm(TrustPerm.MANAGE_STRUCTURE)


def school_panel(user: User, school: Any) -> PanelContent | None:
    from imports.selectors import manages_imports

    if not manages_imports(user):
        return None
    return PanelContent(template="imports/_school_panel.html", context={"school": school})


def register() -> None:
    imports.register(
        ImportKind(key="gias", label="Schools from GIAS", url_name="imports:gias_upload", order=10)
    )
    imports.register(
        ImportKind(
            key="ofsted", label="Ofsted inspections", url_name="imports:ofsted_upload", order=20
        )
    )
    follow = trust_permission(TrustPerm.MANAGE_STRUCTURE)
    jobs.register(
        JobKind(
            key="imports_check",
            label="Checking an imported file",
            run=_check,
            may_follow=follow,
            failed=_failed,
            soft_time_limit=600,
            time_limit=660,
        )
    )
    jobs.register(
        JobKind(
            key="imports_apply",
            label="Importing a file",
            run=_apply,
            may_follow=follow,
            failed=_failed,
            max_retries=1,
            soft_time_limit=600,
            time_limit=660,
        )
    )
    menu.register(
        MenuSection(
            key="imports",
            label="Imports",
            url_name="imports:list",
            visible=_menu_visible,
            namespaces=frozenset({"imports"}),
            order=90,
        )
    )
    panels.register(Panel(slot="school", key="imports:school", build=school_panel, order=90))
