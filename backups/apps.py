from django.apps import AppConfig


class BackupsConfig(AppConfig):
    """`manage.py backup` and `manage.py restore`: the database, its roles and the private files.

    It registers nothing: it reads only the settings and the database, so it sits just below the
    demo, above every app whose data it copies without importing them."""

    name = "backups"
    verbose_name = "Backups"
