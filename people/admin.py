"""Role assignments for platform staff: read-only, but for ending them (through the same service
as the app). Trusts manage their own people and roles in the app."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest

from fht.tenancy import trust_scope
from fht.types import AuthenticatedRequest
from people.models import RoleAssignment
from people.services import role_end
from schools.admin import ReadOnlyAdmin


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(ReadOnlyAdmin):
    list_display = ["person", "role", "school", "cluster", "trust", "starts_on", "ended_at"]
    list_filter = ["trust", "role"]
    search_fields = ["person__email", "person__full_name"]
    actions = ["end_assignments"]

    @admin.action(description="End the selected role assignments now")
    def end_assignments(
        self, request: AuthenticatedRequest, queryset: QuerySet[RoleAssignment]
    ) -> None:
        ended, refused = 0, []
        for assignment in queryset.select_related("trust", "person"):
            try:
                with trust_scope(assignment.trust_id):
                    role_end(assignment=assignment, acting_user=request.user)
            except ValidationError as error:
                refused.append(f"{assignment.person}: {' '.join(error.messages)}")
            else:
                ended += 1
        self.message_user(request, f"Ended {ended} role assignment(s).", messages.SUCCESS)
        for message in refused:
            self.message_user(request, message, messages.ERROR)

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        # Needed for the action; the change form itself shows every field read-only.
        return obj is None and super(ReadOnlyAdmin, self).has_change_permission(request, obj)
