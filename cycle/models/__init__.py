"""The cycle app's models."""
