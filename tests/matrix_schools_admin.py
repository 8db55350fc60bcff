"""Permission-matrix cases for school and cluster administration (schools app)."""

from tests.matrix import Case

CASES: dict[str, Case] = {}
