from django.apps import AppConfig


class RiskConfig(AppConfig):
    name = "risk"

    def ready(self) -> None:
        # Each part registers its own job kinds, panels, menu sections and schedules.
        from risk.registrations import concern, growth, meetings

        meetings.register()
        concern.register()
        growth.register()
