"""Writes of the trust's structure, by what they change: `schools` (schools and clusters),
`directors` (Directors of QA and the senior roles), `years` (academic years and half-terms) and
`permissions` (object permissions derived from the role assignments)."""

from schools.services.directors import (
    PROTECTED_ROLES,
    DirectorOverLimit,
    director_allocate,
    director_deallocate,
    role_authority_check,
)
from schools.services.permissions import (
    Grant,
    permissions_sync,
)
from schools.services.schools import (
    SchoolDetails,
    cluster_create,
    cluster_update,
    school_close,
    school_create,
    school_update,
    urn_free_check,
)
from schools.services.years import (
    academic_year_create,
    default_half_terms,
    half_terms_update,
)

__all__ = [
    "PROTECTED_ROLES",
    "DirectorOverLimit",
    "Grant",
    "SchoolDetails",
    "academic_year_create",
    "cluster_create",
    "cluster_update",
    "default_half_terms",
    "director_allocate",
    "director_deallocate",
    "half_terms_update",
    "permissions_sync",
    "role_authority_check",
    "school_close",
    "school_create",
    "school_update",
    "urn_free_check",
]
