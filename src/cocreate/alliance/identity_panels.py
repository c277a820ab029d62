"""Placeholder: what the identity work adds to the shared pages (panels, waiting items, event handlers)."""
