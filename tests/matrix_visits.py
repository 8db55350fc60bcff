"""Permission-matrix cases for the visits pages."""

from tests.matrix import Case

CASES: dict[str, Case] = {}
