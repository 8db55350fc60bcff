"""Signing in with a second factor in tests, without typing codes."""

from django.contrib.sessions.backends.base import SessionBase
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from fht.models import User


def app_of(user: User) -> TOTPDevice:
    """The person's confirmed authenticator app (made if missing)."""
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, confirmed=True, defaults={"name": "Authenticator app"}
    )
    return device


def verified(client: Client, user: User) -> Client:
    """`client` signed in as `user` and verified by their authenticator app, as after a code."""
    client.force_login(user)
    session: SessionBase = client.session
    session[DEVICE_ID_SESSION_KEY] = app_of(user).persistent_id
    session.save()
    return client
