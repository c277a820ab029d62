"""Placeholder: the public panels (filled in by its own change)."""
