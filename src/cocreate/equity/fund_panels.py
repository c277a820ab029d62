"""Placeholder: the fund panels (filled in by its own change)."""
