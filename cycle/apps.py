from django.apps import AppConfig


class CycleConfig(AppConfig):
    name = "cycle"
