"""Permission-matrix cases for the returns pages."""

from tests.matrix import Case

CASES: dict[str, Case] = {}
