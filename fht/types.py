"""Types shared by every app."""

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from fht.models import User


class AuthenticatedRequest(HttpRequest):
    """The request a view behind a sign-in check receives: its user is a person, never anonymous."""

    user: User
    htmx: HtmxDetails
