import ipaddress
from typing import Any

from django.conf import settings
from django.http import HttpRequest


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """The sign-in name as django-axes counts it: emails match in any case, so lockouts do too."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    return str(username).strip().lower()


def client_ip(request: HttpRequest) -> str | None:
    """The address of the person's device, as lockouts, sessions and the audit trail record it.

    Without a proxy (FHT_PROXY_COUNT = 0) it is the connection's address. Behind N proxies that
    each append the address they were reached from to X-Forwarded-For (nginx's
    `$proxy_add_x_forwarded_for`, Caddy, Traefik, a cloud load balancer), it is the Nth entry from
    the right: the entries further left were written by the client and are not trusted. A missing,
    short or malformed header falls back to the connection's address.
    """
    remote = request.META.get("REMOTE_ADDR") or None
    count = int(getattr(settings, "FHT_PROXY_COUNT", 0) or 0)
    if count <= 0:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    hops = [hop for hop in hops if hop]
    if len(hops) < count:
        return remote
    try:
        return str(ipaddress.ip_address(hops[-count]))
    except ValueError:
        return remote
