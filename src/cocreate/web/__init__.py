"""Base templates, shared components, static files and cross-cutting middleware."""
