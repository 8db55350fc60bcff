"""Writes about people and their roles, by what they change: `roles` (giving and ending roles,
the planned-end-date check), `persons` (invitations, changes, leavers), `directors` (Directors of
QA allocated to clusters, and who may give or end the senior roles) and `permissions` (the object
permissions derived from the role assignments)."""

from people.services.directors import (
    PROTECTED_ROLES,
    DirectorOverLimit,
    director_allocate,
    director_deallocate,
    role_authority_check,
)
from people.services.permissions import Grant, permissions_sync
from people.services.persons import (
    EMAIL_TAKEN,
    invitation_resend,
    invitation_send,
    person_deactivate,
    person_invite,
    person_reactivate,
    person_update,
)
from people.services.roles import (
    ROLE_EXPIRY_JOB,
    role_assign,
    role_assignments_expire,
    role_end,
    role_expiry_request,
    role_expiry_run,
)

__all__ = [
    "EMAIL_TAKEN",
    "PROTECTED_ROLES",
    "ROLE_EXPIRY_JOB",
    "DirectorOverLimit",
    "Grant",
    "director_allocate",
    "director_deallocate",
    "invitation_resend",
    "invitation_send",
    "permissions_sync",
    "person_deactivate",
    "person_invite",
    "person_reactivate",
    "person_update",
    "role_assign",
    "role_assignments_expire",
    "role_authority_check",
    "role_end",
    "role_expiry_request",
    "role_expiry_run",
]
