"""The dashboards app's models: the trust's own targets (school targets live in returns)."""

from dashboards.models.targets import TrustTarget

__all__ = ["TrustTarget"]
