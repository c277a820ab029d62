"""Template helpers: form widgets tied to their errors and help text for screen readers."""

from __future__ import annotations

from typing import Any

from django import template
from django.forms import BoundField
from django.template import Engine
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag
def widget(field: BoundField) -> SafeString:
    attrs: dict[str, str | bool] = {}
    described = []
    if field.errors:
        attrs["aria-invalid"] = "true"
        described.append(f"{field.auto_id}_errors")
    if field.help_text:
        described.append(f"{field.auto_id}_helptext")
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)


@register.simple_tag(takes_context=True)
def show(context: template.Context, panel: Any) -> SafeString:
    """Render a panel (compose.panels.Shown) with the page's context plus the panel's own; a cell written in
    Python as it is."""
    if getattr(panel, "html", None) is not None:
        return SafeString(panel.html)
    engine = context.template.engine if context.template is not None else Engine.get_default()
    found = engine.get_template(panel.template)
    with context.push(**panel.context):
        return found.render(context)
