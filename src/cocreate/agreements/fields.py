"""A document kind's schema seen as fields: for forms, readable views, field-by-field differences and authorship.

The pydantic schema is the single description of a kind. This module reads it: each top-level field is a
scalar (text, a choice, an optional number), a set of choices (checkboxes), or a group (a list of small
records such as goals or contacts). Form names are flat: "stop_signal", "sensory_items", "goals-0-words".
"""

from __future__ import annotations

import enum
import re
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from pydantic import BaseModel
from pydantic import ValidationError as PydanticError
from pydantic.fields import FieldInfo

BLANK_ROWS = 2


@dataclass(frozen=True)
class FieldSpec:
    name: str
    title: str
    help: str = ""
    widget: str = "text"  # text | textarea | select | checkboxes | number
    choices: tuple[tuple[str, str], ...] = ()
    required: bool = False
    children: tuple[FieldSpec, ...] = ()  # set for a group
    max_rows: int = 0
    empty: str = ""  # said instead of a select when its options, known only at request time, are none

    @property
    def is_group(self) -> bool:
        return bool(self.children)

    def label_of(self, value: Any) -> str:
        # Keys come from a form (text), values from stored content (a session id is a number): compare as text.
        return next((str(label) for key, label in self.choices if str(key) == str(value)), str(value))


def _enum_of(annotation: Any) -> type[enum.Enum] | None:
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return annotation
    return None


def _spec(name: str, info: FieldInfo) -> FieldSpec:
    annotation = info.annotation
    title, help_text = _(info.title or name), _(info.description) if info.description else ""
    extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
    required = info.is_required() or any(getattr(m, "min_length", 0) for m in info.metadata)
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is list:
        inner = args[0]
        max_rows = next((m.max_length for m in info.metadata if getattr(m, "max_length", None)), 30)
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            children = tuple(_spec(n, f) for n, f in inner.model_fields.items())
            return FieldSpec(name, title, help_text, "group", (), required, children, max_rows)
        found = _enum_of(inner)
        if found is not None:
            choices = tuple((m.value, str(getattr(m, "label", m.value))) for m in found)
            return FieldSpec(name, title, help_text, "checkboxes", choices, False)
    found = _enum_of(annotation)
    if found is not None:
        choices = tuple((m.value, str(getattr(m, "label", m.value))) for m in found)
        return FieldSpec(name, title, help_text, "select", choices, True)
    if origin in (typing.Union, types.UnionType) and int in args:
        return FieldSpec(name, title, help_text, "number", (), False)
    empty = _(str(extra["empty"])) if extra.get("empty") else ""
    return FieldSpec(name, title, help_text, str(extra.get("widget", "text")), (), required, empty=empty)


def specs(schema: type[BaseModel]) -> list[FieldSpec]:
    return [_spec(name, info) for name, info in schema.model_fields.items()]


def with_choices(fields: list[FieldSpec], choices: Mapping[str, list[tuple[str, str]]]) -> list[FieldSpec]:
    """Give free fields their options known only at request time (the engagement's sessions, the library)."""

    def fill(spec: FieldSpec) -> FieldSpec:
        if spec.children:
            return FieldSpec(spec.name, spec.title, spec.help, spec.widget, spec.choices, spec.required,
                             tuple(fill(c) for c in spec.children), spec.max_rows)
        if spec.name in choices:
            widget = "select" if spec.widget != "number" else "number-select"
            return FieldSpec(spec.name, spec.title, spec.help, widget, tuple(choices[spec.name]), spec.required,
                             empty=spec.empty)
        return spec

    return [fill(s) for s in fields]


# --- from a submitted form to content -------------------------------------------------------------------------

ROW_KEY = re.compile(r"^(\w+)-(\d{1,3})-(\w+)$")


def _scalar(spec: FieldSpec, raw: str) -> Any:
    if spec.widget in ("number", "number-select"):
        raw = raw.strip()
        return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 12 else (None if raw == "" else raw)
    return raw


def parse(fields: list[FieldSpec], data: Any) -> dict[str, Any]:
    """Content from form data: blank group rows are dropped and the rest renumbered in order."""
    content: dict[str, Any] = {}
    for spec in fields:
        if spec.widget == "checkboxes":
            content[spec.name] = [v for v in data.getlist(spec.name) if isinstance(v, str)]
        elif spec.is_group:
            indices = sorted({int(m.group(2)) for key in data if (m := ROW_KEY.match(key)) and m.group(1) == spec.name})
            rows = []
            for i in indices[: spec.max_rows + BLANK_ROWS]:
                row = {c.name: _scalar(c, data.get(f"{spec.name}-{i}-{c.name}", "")) for c in spec.children}
                typed = [row[c.name] for c in spec.children if c.widget in ("text", "textarea")]
                if any(isinstance(v, str) and v.strip() for v in typed):
                    rows.append(row)
            content[spec.name] = rows
        else:
            content[spec.name] = _scalar(spec, data.get(spec.name, ""))
    return content


def friendly(err: Mapping[str, Any]) -> str:
    kind, ctx = err.get("type", ""), err.get("ctx") or {}
    if kind == "missing" or (kind == "string_too_short" and ctx.get("min_length") == 1):
        return _("Fill this in.")
    if kind == "string_too_long":
        return _("Keep this under %(n)d characters.") % {"n": ctx.get("max_length", 0)}
    if kind == "enum" or kind == "literal_error":
        return _("Choose one of the options.")
    if kind == "too_short":
        return _("Add at least one.")
    if kind == "too_long":
        return _("At most %(n)d.") % {"n": ctx.get("max_length", 0)}
    if kind in ("int_parsing", "int_type"):
        return _("Choose one of the options.")
    if kind == "extra_forbidden":
        return _("This field is not part of the document.")
    message = str(err.get("msg", _("Not valid.")))
    message = message.removeprefix("Value error, ")
    return message[:1].upper() + message[1:] + ("" if message.endswith(".") else ".")


def errors_by_name(exc: PydanticError) -> dict[str, list[str]]:
    """Errors keyed by form name ("goals-0-words"); errors about the whole document under "__all__"."""
    errors: dict[str, list[str]] = {}
    for err in exc.errors():
        loc = [str(p) for p in err.get("loc", ())]
        errors.setdefault("-".join(loc) or "__all__", []).append(friendly(err))
    return errors


def errors_by_path(exc: PydanticError) -> dict[str, list[str]]:
    """The same errors keyed by dotted path ("goals.0.words"), as the API reports them."""
    return {k.replace("-", ".") if k != "__all__" else k: v for k, v in errors_by_name(exc).items()}


# --- showing content -----------------------------------------------------------------------------------------


@dataclass
class Shown:
    """One field ready for a template: its value for a form or a reading, and its errors."""

    spec: FieldSpec
    name: str
    value: Any
    errors: list[str] = field(default_factory=list)
    rows: list[list[Shown]] = field(default_factory=list)

    @property
    def display(self) -> str:
        if self.spec.widget == "checkboxes":
            return ", ".join(self.spec.label_of(v) for v in self.value or [])
        if self.value in (None, ""):
            return ""
        return self.spec.label_of(self.value) if self.spec.choices else str(self.value)

    @property
    def is_empty(self) -> bool:
        return not self.rows if self.spec.is_group else not self.display


def shown(fields: list[FieldSpec], content: Mapping[str, Any], errors: Mapping[str, list[str]] | None = None,
          blank_rows: int = 0) -> list[Shown]:
    errors = errors or {}
    out = []
    for spec in fields:
        value = content.get(spec.name)
        item = Shown(spec, spec.name, value, list(errors.get(spec.name, [])))
        if spec.is_group:
            rows = list(value or [])
            rows += [{}] * max(0, min(blank_rows, spec.max_rows - len(rows)))
            item.rows = [
                [Shown(c, f"{spec.name}-{i}-{c.name}", row.get(c.name, ""),
                       list(errors.get(f"{spec.name}-{i}-{c.name}", []))) for c in spec.children]
                for i, row in enumerate(rows)
            ]
            for key, messages in errors.items():
                if key.startswith(f"{spec.name}-") and ROW_KEY.match(key) is None:
                    item.errors += messages  # a row-level error (the row as a whole)
        out.append(item)
    return out


# --- differences ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    path: str
    label: str
    before: str
    after: str

    @property
    def kind(self) -> str:
        if not self.before:
            return "added"
        return "removed" if not self.after else "changed"


def flatten(fields: list[FieldSpec], content: Mapping[str, Any] | None) -> dict[str, tuple[str, str]]:
    """path -> (label, readable value) for every non-empty leaf."""
    flat: dict[str, tuple[str, str]] = {}
    for item in shown(fields, content or {}):
        if item.spec.is_group:
            for i, row in enumerate(item.rows, start=1):
                for cell in row:
                    if cell.display:
                        flat[cell.name.replace("-", ".")] = (f"{item.spec.title} {i} · {cell.spec.title}", cell.display)
        elif item.display:
            flat[item.name] = (item.spec.title, item.display)
    return flat


def diff(fields: list[FieldSpec], before: Mapping[str, Any] | None, after: Mapping[str, Any] | None) -> list[Change]:
    old, new = flatten(fields, before), flatten(fields, after)
    order = list(new) + [p for p in old if p not in new]
    changes = []
    for path in order:
        was, now = old.get(path, ("", ""))[1], new.get(path, ("", ""))[1]
        if was != now:
            changes.append(Change(path, (new.get(path) or old[path])[0], was, now))
    return changes


def identity_flatten(fields: list[FieldSpec], content: Mapping[str, Any] | None) -> dict[str, str]:
    """Like `flatten`, but a group row is named by its main text rather than its position ("goals[sleep
    better#1].why"), so deleting or reordering rows does not move who wrote what."""
    flat: dict[str, str] = {}
    for item in shown(fields, content or {}):
        if not item.spec.is_group:
            if item.display:
                flat[item.name] = item.display
            continue
        main = next((c.name for c in item.spec.children if c.widget in ("text", "textarea")),
                    item.spec.children[0].name)
        seen: dict[str, int] = {}
        for row in item.rows:
            cells = {cell.spec.name: cell for cell in row}
            signature = " ".join(str(cells[main].value or "").split()).lower()
            seen[signature] = seen.get(signature, 0) + 1
            for cell in row:
                if cell.display:
                    flat[f"{item.name}[{signature}#{seen[signature]}].{cell.spec.name}"] = cell.display
    return flat
