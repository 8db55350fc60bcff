"""The dashboards app's models."""
