"""The trust's growth and capacity settings (DOMAIN.md, 'Growth and capacity')."""

__all__: list[str] = []
