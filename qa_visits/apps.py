from django.apps import AppConfig


class QaVisitsConfig(AppConfig):
    name = "qa_visits"
    verbose_name = "QA visits"

    def ready(self) -> None:
        from fht.registry import MenuSection, Panel, jobs, menu, panels
        from qa_visits.panels import cluster_panel, school_panel
        from qa_visits.proforma import PROFORMA_JOB
        from qa_visits.selectors import VISIT_DAYS, visit_days_by_school
        from schools.core_offer import DaysSource, sources

        jobs.register(PROFORMA_JOB)
        menu.register(
            MenuSection(
                key="visits",
                label="Visits",
                url_name="qa_visits:plan_list",
                visible=lambda user, access: access.can_plan_visits,
                namespaces=frozenset({"qa_visits"}),
                order=30,
            )
        )
        panels.register(Panel(slot="school", key="school:visits", build=school_panel, order=20))
        panels.register(Panel(slot="cluster", key="cluster:visits", build=cluster_panel, order=20))
        sources.register(
            DaysSource(key=VISIT_DAYS, label="QA visits", days=visit_days_by_school, order=10)
        )
