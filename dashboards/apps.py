from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "dashboards"

    def ready(self) -> None:
        # Each part registers its own menu entries, panels and job kinds.
        from dashboards.registrations import dashboards, school

        dashboards.register()
        school.register()
