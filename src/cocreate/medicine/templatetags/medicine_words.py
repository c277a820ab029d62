"""`{% timeline_of timeline %}`: the medicine timeline as HTML (built in Python, see medicine/html.py)."""

from __future__ import annotations

from typing import Any

from django import template
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.safestring import SafeString

from cocreate.medicine.html import timeline_html
from cocreate.medicine.selectors import Timeline

register = template.Library()


@register.simple_tag(takes_context=True)
def timeline_of(context: dict[str, Any], timeline: Timeline) -> SafeString:
    record, engagement, session = timeline.record, context["engagement"], context["session"]
    is_client = bool(context.get("is_client"))
    url = ""
    if is_client and not record.is_open:
        # The route once, with a placeholder id cut off: the entry's id and "recollect/" follow it.
        url = reverse("medicine_recollect", args=[engagement.pk, session.pk, 0]).removesuffix("0/recollect/")
    return timeline_html(timeline, is_client=is_client, client_id=engagement.client_id, recollect_url=url,
                         csrf_token=get_token(context["request"]) if url else "")
