"""Placeholder: what the endings work adds to the shared pages (panels, waiting items, event handlers)."""
