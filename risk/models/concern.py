"""The schools-causing-concern procedure (DOMAIN.md, 'Schools causing concern')."""

__all__: list[str] = []
