"""Engagements, care team, phases, sessions, shared notes and private notes."""
