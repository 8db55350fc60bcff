"""The sessions a person is signed in with: one row per browser, so they can see and end them.

A row belongs to a Django session (`session`, deleted with it: signing out, expiry, a leaver's
sessions ended, or ending it here all remove both). It is not a tenant row: it is the person's own,
reached only through their user, and it changes at most once a minute per session.
"""

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import models


class SignInSession(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sign_in_sessions"
    )
    # The Django session itself: ending it signs the browser out at its next request.
    session = models.OneToOneField(Session, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField("signed in")
    last_seen = models.DateTimeField()
    ip_address = models.GenericIPAddressField("IP address", null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-last_seen", "-pk"]
        indexes = [models.Index(fields=["user", "-last_seen"])]

    def __str__(self) -> str:
        return f"{self.user} since {self.created_at:%Y-%m-%d %H:%M}"
