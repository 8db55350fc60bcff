"""Permission-matrix cases for people and role administration (people app)."""

from tests.matrix import Case

CASES: dict[str, Case] = {}
