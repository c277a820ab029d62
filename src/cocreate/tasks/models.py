"""The claim rows of periodic work: one row per job, taken by one worker at a time (periodic.py)."""

from __future__ import annotations

from django.db import models


class PeriodicJob(models.Model):
    """When a job is next due and, while a run is under way, until when its claim holds. A worker takes the job
    with one conditional UPDATE, so of several workers on one database only one runs it; a worker that dies
    mid-run leaves a claim that lapses at `held_until`."""

    name = models.CharField(max_length=100, primary_key=True)
    due_at = models.DateTimeField()
    held_until = models.DateTimeField(null=True, blank=True)
    last_started = models.DateTimeField(null=True, blank=True)
    last_finished = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name} due {self.due_at:%H:%M:%S}"
