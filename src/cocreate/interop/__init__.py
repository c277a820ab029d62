"""Interoperability with other software: for now, calendar feeds and calendar files of people's sessions."""
