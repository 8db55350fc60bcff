from django.apps import AppConfig


class QaVisitsConfig(AppConfig):
    name = "qa_visits"
    verbose_name = "QA visits"
