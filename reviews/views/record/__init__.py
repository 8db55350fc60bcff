"""The record part's pages; `urlpatterns` is included by reviews/urls.py."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
