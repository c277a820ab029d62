"""Measures: validated questionnaires as data, assigned, answered, scored, graphed, with risk alerts."""
