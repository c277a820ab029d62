"""Placeholder: what the ruptures work adds to the shared pages (panels, waiting items, event handlers)."""
