"""Read-only views for platform staff; trusts manage their own schools in the app (the role
assignments' admin is people's, people/admin.py)."""

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from schools.models import Cluster, Inspection, School


class ReadOnlyAdmin(SimpleHistoryAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Cluster)
class ClusterAdmin(ReadOnlyAdmin):
    list_display = ["name", "trust", "area"]
    list_filter = ["trust"]


@admin.register(School)
class SchoolAdmin(ReadOnlyAdmin):
    list_display = ["name", "urn", "trust", "cluster", "category", "closed_on"]
    list_filter = ["trust"]
    search_fields = ["name", "urn"]


@admin.register(Inspection)
class InspectionAdmin(ReadOnlyAdmin):
    list_display = ["school", "inspected_on", "framework", "inspection_type", "trust"]
    list_filter = ["trust", "framework"]
    search_fields = ["school__name", "school__urn"]
