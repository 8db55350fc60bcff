from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Sign-in sessions"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from accounts.services import session_start

        user_logged_in.connect(session_start, dispatch_uid="accounts.session_start")
