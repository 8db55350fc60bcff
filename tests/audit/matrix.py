"""The audit trail's page: the CEO's and the trust administrators' alone; everyone else 404."""

from fht.roles import Role
from tests.matrix import Case

CASES: dict[str, Case] = {
    "audit:events": Case(allowed={"in": {Role.CEO, Role.TRUST_ADMIN}}),
}
