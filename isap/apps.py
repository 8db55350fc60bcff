from django.apps import AppConfig


class IsapConfig(AppConfig):
    name = "isap"
    verbose_name = "ISAP"
