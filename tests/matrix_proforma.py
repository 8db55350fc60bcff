"""Permission-matrix cases for the proforma pages."""

from tests.matrix import Case

CASES: dict[str, Case] = {}
