"""The demo practices: fictional people and a course of care in every phase, written through the services."""
