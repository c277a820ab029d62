"""The co-creation engine: shared documents that change only by proposal and the acceptance of every party."""
