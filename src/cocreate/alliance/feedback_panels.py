"""Placeholder: what the feedback work adds to the shared pages (panels, waiting items, event handlers)."""
