from django.apps import AppConfig


class CycleConfig(AppConfig):
    name = "cycle"

    def ready(self) -> None:
        from cycle import registrations

        registrations.register()
