"""The meetings part's pages; `urlpatterns` is included by risk/urls.py."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
