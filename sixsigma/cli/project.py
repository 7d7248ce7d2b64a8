"""Command group (being built)."""


def register(app) -> None:
    """Add this group's commands to the app."""
