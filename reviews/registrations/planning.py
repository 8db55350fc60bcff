"""What the planning part registers (see reviews/registrations/__init__.py)."""


def register() -> None:
    pass
