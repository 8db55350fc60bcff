"""The growth part of the risk demo."""

from fht.models import Trust


def build(trust: Trust) -> None:
    return None
