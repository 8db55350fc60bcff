"""Responses the product makes itself are never kept by a browser or a shared cache."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control


class NoStoreMiddleware:
    """Every page, export and file carries a trust's data (or a form with a CSRF token): a response
    that says nothing about caching is marked `private, no-store`, so the back button after
    sign-out, a shared computer's disk cache or a proxy keeps none of it. Static files (served by
    WhiteNoise before this runs) keep their long, immutable caching."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response
