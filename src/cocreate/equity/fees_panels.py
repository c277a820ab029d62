"""Placeholder: the fees panels (filled in by its own change)."""
