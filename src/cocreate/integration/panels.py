"""What integration adds to the shared pages: its section on the engagement page, and the invitation to note
shifts on the days the two chose, waiting for the client until they write or the next day comes."""

from __future__ import annotations
