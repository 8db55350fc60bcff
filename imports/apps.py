from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "imports"
    verbose_name = "Imports from GIAS and Ofsted"

    def ready(self) -> None:
        from imports import registrations

        registrations.register()
