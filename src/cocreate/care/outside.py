"""How a session is named where cocreate cannot protect it: an email, someone's calendar, a downloaded file.

The practice's name and the time only; the kind of session ("Medicine session") only when the person chose to
show it, since the kind alone says what care someone receives.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from cocreate.care.models import Session


def session_title(session: Session, *, practice_name: str, show_kind: bool) -> str:
    """ "Appointment at Juniper", or with the person's leave "Medicine session at Juniper"."""
    return outside_title(kind_label=session.get_kind_display() if show_kind else "", practice_name=practice_name)


def outside_title(*, kind_label: str, practice_name: str) -> str:
    """The same from plain values: the kind's label, or "" to leave it out."""
    if kind_label:
        return _("%(kind)s at %(practice)s") % {"kind": kind_label, "practice": practice_name}
    return _("Appointment at %(practice)s") % {"practice": practice_name}
