"""The Django admin is for platform staff (superusers) only: they create trusts and first administrators."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from fht.models import Trust, User


def _platform_staff_only(request: HttpRequest) -> bool:
    return bool(request.user.is_active and request.user.is_superuser)


admin.site.has_permission = _platform_staff_only  # type: ignore[method-assign]


@admin.register(Trust)
class TrustAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug", "dfe_group_id", "created_at"]
    search_fields = ["name", "dfe_group_id"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "trust", "is_active", "is_superuser"]
    list_filter = ["trust", "is_active", "is_superuser"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Person", {"fields": ["full_name", "job_title", "trust"]}),
        ("Status", {"fields": ["is_active", "is_staff", "is_superuser", "last_login"]}),
    ]
    add_fieldsets = [
        (None, {"fields": ["email", "full_name", "trust", "password1", "password2"]}),
    ]
    readonly_fields = ["last_login"]

    def get_readonly_fields(self, request: HttpRequest, obj: User | None = None) -> list[str]:
        # Moving a person between trusts would strand their roles in the old one: leave, invite anew.
        return [*self.readonly_fields, "trust"] if obj is not None else list(self.readonly_fields)

    filter_horizontal = []
