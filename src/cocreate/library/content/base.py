"""The shape of a shipped topic and the note that closes every one."""

from __future__ import annotations

from dataclasses import dataclass
from textwrap import dedent

EDUCATION_NOTE = (
    "This page is general education, not medical advice. Your situation is your own: talk it through with your "
    "care team, and with the doctor who prescribes your medicines before you change or stop any of them."
)


@dataclass(frozen=True)
class ShippedTopic:
    slug: str
    kind: str  # "modality" or "substance"
    title: str
    summary: str
    body: str
    what_to_expect: str
    duration: str
    risks: str
    sources: tuple[str, ...]
    interactions: str = ""

    def row(self) -> dict[str, str]:
        """The topic's fields as stored, with the education note closing the body."""
        return {
            "slug": self.slug, "kind": self.kind, "title": self.title, "summary": self.summary,
            "body": f"{self.body.strip()}\n\n{EDUCATION_NOTE}", "what_to_expect": self.what_to_expect.strip(),
            "duration": self.duration.strip(), "risks": self.risks.strip(), "interactions": self.interactions.strip(),
            "sources": "\n".join(self.sources),
        }


def prose(text: str) -> str:
    """Source-formatted text as stored: lines within a paragraph joined, paragraphs split by one blank line."""
    paragraphs = dedent(text).strip().split("\n\n")
    return "\n\n".join(" ".join(line.strip() for line in p.splitlines() if line.strip()) for p in paragraphs)
