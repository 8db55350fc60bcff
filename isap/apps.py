from django.apps import AppConfig


class IsapConfig(AppConfig):
    name = "isap"
    verbose_name = "ISAP"

    def ready(self) -> None:
        from celery.schedules import crontab

        from fht.registry import MenuSection, Panel, Scheduled, jobs, menu, panels, schedule
        from isap.export import PLAN_PDF_JOB
        from isap.panels import cluster_panel, home_panel, school_panel, visit_panel
        from isap.selectors import SUPPORT_DAYS, deployment_days_by_school
        from isap.tasks import send_action_reminders_all
        from schools.core_offer import DaysSource, sources

        jobs.register(PLAN_PDF_JOB)
        menu.register(
            MenuSection(
                key="actions",
                label="Actions",
                url_name="isap:action_list",
                visible=lambda user, access: access.can_track_actions,
                namespaces=frozenset({"isap"}),
                order=40,
            )
        )
        panels.register(Panel(slot="school", key="school:plan", build=school_panel, order=30))
        panels.register(Panel(slot="cluster", key="cluster:plan", build=cluster_panel, order=30))
        panels.register(Panel(slot="home", key="home:plans", build=home_panel, order=50))
        panels.register(Panel(slot="visit", key="visit:actions", build=visit_panel, order=30))
        sources.register(
            DaysSource(
                key=SUPPORT_DAYS,
                label="Support from the core offer",
                days=deployment_days_by_school,
                order=20,
            )
        )
        schedule.register(
            Scheduled(
                key="send-action-reminders",
                task=send_action_reminders_all,
                schedule=crontab(hour=7, minute=0),
            )
        )
