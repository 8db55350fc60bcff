from typing import Any

from django.http import HttpRequest


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """The sign-in name as django-axes counts it: emails match in any case, so lockouts do too."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    return str(username).strip().lower()
