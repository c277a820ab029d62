"""What audit adds to the shared pages: the practice home's link to how long records are kept."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cocreate.accounts.models import Role
from cocreate.compose.panels import PRACTICE_LINKS, PracticePage


@PRACTICE_LINKS.panel("audit.retention", order=80, template="audit/_practice_link.html")
def retention_link(page: PracticePage) -> Mapping[str, Any] | None:
    return {} if Role.ADMIN in page.roles else None
