from django.apps import AppConfig
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# Each SignInSession row points at its row of django_session, and ending a session deletes that
# row: sessions must live in the database alone (cached_db would go on serving an ended one).
DATABASE_SESSIONS = {"django.contrib.sessions.backends.db"}


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Sign-in sessions"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from accounts.services import session_start

        if settings.SESSION_ENGINE not in DATABASE_SESSIONS:
            raise ImproperlyConfigured(
                f"SESSION_ENGINE is {settings.SESSION_ENGINE!r}: the list of a person's sessions "
                "needs sessions kept in the database (the db backend)."
            )
        user_logged_in.connect(session_start, dispatch_uid="accounts.session_start")
