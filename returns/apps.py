from django.apps import AppConfig


class ReturnsConfig(AppConfig):
    name = "returns"
    verbose_name = "Data returns and benchmarks"

    def ready(self) -> None:
        from fht.registry import Panel, imports, jobs, menu, panels
        from returns.imports import JOB_KINDS, KINDS
        from returns.panels import school_panel

        # A school's data pages belong to the Schools section of the menu.
        menu.claim(section="schools", namespace="returns")
        panels.register(Panel(slot="school", key="school:data", build=school_panel, order=10))
        for kind in KINDS:
            imports.register(kind)
        for job_kind in JOB_KINDS:
            jobs.register(job_kind)
