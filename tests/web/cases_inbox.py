"""URL/persona matrix rows for the inbox: everyone signed in has one; a notice is its recipient's alone."""

from __future__ import annotations

from typing import Any

from cocreate.inbox.models import NoticeKind
from cocreate.inbox.services import notify
from tests.conftest import World
from tests.web.matrix import SIGNED_IN, Case, no_kwargs, only


def alices_notice(world: World) -> dict[str, Any]:
    [notice] = notify(recipients=[world.alice], kind=NoticeKind.QUESTION_ASKED, title="Dana asked a question",
                      url=f"/engagements/{world.engagement.pk}/", engagement=world.engagement)
    return {"notice_id": notice.pk}


INBOX_CASES: dict[str, Case] = {
    "inbox/": Case(no_kwargs, SIGNED_IN),
    "inbox/<int:notice_id>/open/": Case(alices_notice, only("alice")),
    "inbox/read-all/": Case(no_kwargs, SIGNED_IN),
    "api/v1/inbox": Case(no_kwargs, SIGNED_IN),
    "api/v1/inbox/<notice_id>/read": Case(alices_notice, only("alice")),
    "api/v1/inbox/read-all": Case(no_kwargs, SIGNED_IN),
}
