"""The concern part's job kinds, panels and menu sections."""


def register() -> None:
    return None
