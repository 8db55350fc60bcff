from django.apps import AppConfig


class FhtConfig(AppConfig):
    name = "fht"
    verbose_name = "Trusts and people"
