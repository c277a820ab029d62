"""The trajectory chart's SVG, kept in Django's cache: drawn once for each state of what it shows, and named by a
version of that state, which is also its ETag.

The version is read in two queries: the latest score of the questionnaire (its id and time, and how many there
are), and the times of the sessions the chart marks. With the engagement, the definition of the questionnaire,
the language and the drawing code's own version, that is everything the picture is drawn from: a new score, a
session whose time has come, moved or been called off, or an edited definition gives a new key, so a cached copy
is never stale and needs no invalidation. Scores are only ever added (a score is a row, never rewritten), which is
why the latest one stands for all of them.

The caller resolves the engagement through the access policy first: a key is only ever computed, and the cache
only ever read, for an engagement the person may see, and every key names its engagement.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from django.core.cache import cache
from django.db.models import Count, Max
from django.utils import translation

from cocreate.access.policy import EngagementAccess
from cocreate.measures import charts, selectors
from cocreate.measures.definitions import Instrument
from cocreate.measures.models import Score

# Bump when charts.py draws differently, so that a cache shared across a deployment drops the old pictures.
DRAWING = "1"
# A key is never reused for other content; this only lets pictures nobody asks for any more leave the cache.
KEEP_SECONDS = 24 * 60 * 60


@dataclass(frozen=True)
class ChartVersion:
    engagement_id: int
    digest: str
    sessions: tuple[datetime, ...]  # the marks: read for the version, drawn from on a miss

    @property
    def etag(self) -> str:
        # Weak: two processes drawing the same state write the same picture with different SVG element ids.
        return f'W/"{self.digest}"'

    @property
    def cache_key(self) -> str:
        return f"measures:chart:{self.engagement_id}:{self.digest}"


def chart_version(access: EngagementAccess, instrument: Instrument) -> ChartVersion:
    engagement = access.engagement
    latest = Score.objects.filter(engagement=engagement, instrument=instrument.key).aggregate(
        count=Count("pk"), last_id=Max("pk"), last_at=Max("at"))
    # The sessions themselves, not their latest change: which ones are marked also changes as time passes.
    sessions = tuple(s.starts_at for s in selectors.session_markers(access))
    definition = hashlib.sha256(instrument.model_dump_json().encode()).hexdigest()
    parts = [
        DRAWING, str(engagement.pk), instrument.key, instrument.version, definition,
        str(latest["count"]), str(latest["last_id"]), latest["last_at"].isoformat() if latest["last_at"] else "",
        translation.get_language() or "", *(when.isoformat() for when in sessions),
    ]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]
    return ChartVersion(engagement_id=engagement.pk, digest=digest, sessions=sessions)


def chart_svg(access: EngagementAccess, instrument: Instrument, version: ChartVersion) -> bytes:
    """The picture of this version: from the cache, or drawn (the slow part) and kept."""
    svg: bytes | None = cache.get(version.cache_key)
    if svg is None:
        # A score added since the version was read is drawn under the older key: harmless, as the next request
        # reads a newer version and draws again.
        series = selectors.series_for(access, instrument.key)
        points = [(s.at, s.total) for s in series.scores if s.total is not None]
        svg = charts.trajectory_svg(instrument, points, list(version.sessions))
        cache.set(version.cache_key, svg, KEEP_SECONDS)
    return svg
