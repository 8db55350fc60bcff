"""The risk app's pages (namespace `risk`). Each part's views module lists its own paths."""

from django.urls import URLPattern

app_name = "risk"

urlpatterns: list[URLPattern] = []
