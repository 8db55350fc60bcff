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

        from accounts.middleware import two_factor_state_start
        from accounts.services import session_start

        if settings.SESSION_ENGINE not in DATABASE_SESSIONS:
            raise ImproperlyConfigured(
                f"SESSION_ENGINE is {settings.SESSION_ENGINE!r}: the list of a person's sessions "
                "needs sessions kept in the database (the db backend)."
            )
        user_logged_in.connect(session_start, dispatch_uid="accounts.session_start")
        user_logged_in.connect(two_factor_state_start, dispatch_uid="accounts.two_factor_state")
        _hide_secrets_from_admin()


def _hide_secrets_from_admin() -> None:
    """django-otp's TOTP admin shows each person's secret and QR code: platform staff have no
    need of them (a person resets their own app; an administrator resets a lost one)."""
    from django.contrib import admin
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if admin.site.is_registered(TOTPDevice):
        admin.site.unregister(TOTPDevice)
