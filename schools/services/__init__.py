"""Writes of the trust's structure, by what they change: `schools` (schools and clusters) and
`years` (academic years and half-terms). The role assignments and the permissions derived from
them are people's (people/services/); schools tells them of changes through schools.hooks."""

from schools.services.inspections import (
    inspection_delete,
    inspection_record,
    inspection_update,
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
    "SchoolDetails",
    "academic_year_create",
    "cluster_create",
    "cluster_update",
    "default_half_terms",
    "half_terms_update",
    "inspection_delete",
    "inspection_record",
    "inspection_update",
    "school_close",
    "school_create",
    "school_update",
    "urn_free_check",
]
