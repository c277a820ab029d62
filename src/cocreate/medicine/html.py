"""The timeline as HTML, built in Python: a session can hold thousands of entries, and the template engine's cost
per entry would otherwise dominate the page (see docs/performance.md)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from cocreate.medicine.describe import describe
from cocreate.medicine.selectors import Timeline


def timeline_html(timeline: Timeline, *, is_client: bool, client_id: int, recollect_url: str = "",
                  csrf_token: str = "") -> SafeString:
    """The `<ol id="timeline">` of the record. `recollect_url` ends where the entry id goes ("…/entries/"); with
    it, the client gets an "add what you remember" form beside each entry."""
    if not timeline.entries:
        return format_html('<ol class="timeline" id="timeline"><li class="empty" id="no-entries">{}</li></ol>',
                           _("Nothing logged yet."))
    zone = timezone.get_current_timezone()
    words = {"corrects": escape(_("corrects an earlier entry")), "corrected": escape(_("corrected below")),
             "you": escape(_("You remember:")), "add": escape(_("Add what you remember")),
             "label": escape(_("What you remember, in your words")), "button": escape(_("Add")),
             "help": escape(_("Your care team will read this. It is kept beside the entry, marked as yours."))}
    parts = ['<ol class="timeline" id="timeline">']
    for e in timeline.entries:
        classes = ["entry", e.kind]
        if e.pk in timeline.corrected:
            classes.append("corrected")
        if e.data.get("out_of_range"):
            classes.append("alert")
        at = e.at.astimezone(zone)
        marks = (f" · {words['corrects']}" if e.corrects_id else "") + (
            f" · {words['corrected']}" if e.pk in timeline.corrected else "")
        parts.append(f'<li id="entry-{e.pk}" class="{" ".join(classes)}"><time datetime="{at.isoformat()}">'
                     f'{at:%H:%M}</time> {escape(describe(e.kind, e.data, to_client=is_client))} '
                     f'<small class="muted">· {escape(e.author_name)}{marks}</small>')
        for r in e.recollections:
            who = words["you"] if is_client and r.author_id == client_id else escape(
                _("%(name)s remembers:") % {"name": r.author.name})
            parts.append(f'<p class="recollection"><strong>{who}</strong> {escape(r.body)}</p>')
        if recollect_url:
            parts.append(
                f'<details><summary>{words["add"]}</summary><form method="post" action="{recollect_url}{e.pk}/'
                f'recollect/"><input type="hidden" name="csrfmiddlewaretoken" value="{escape(csrf_token)}">'
                f'<label for="r-{e.pk}">{words["label"]}</label><textarea id="r-{e.pk}" name="body" rows="2" '
                f'maxlength="4000" required aria-describedby="r-{e.pk}-h"></textarea><p class="help" '
                f'id="r-{e.pk}-h">{words["help"]}</p><button type="submit">{words["button"]}</button></form>'
                f'</details>')
        parts.append("</li>")
    parts.append("</ol>")
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text above is escaped
