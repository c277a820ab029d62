"""URL/persona matrix rows for the public page: the page and its request form are open to anyone once published;
its settings are the practice admins'; a listing is each facilitator's own; requests are for the practice's admins
and facilitators; everyone else 404."""

from __future__ import annotations

from typing import Any

from tests.conftest import World
from tests.equity.public_helpers import published, sent
from tests.web.matrix import PUBLIC, SIGNED_IN, STAFF, Case, only, practice

ADMINS = only("alice", "fay")
FACILITATORS = only("alice", "carl")


def page(world: World) -> dict[str, Any]:
    return {"slug": published(world).slug}


def a_request(world: World) -> dict[str, Any]:
    return {"practice_id": world.practice.pk, "request_id": sent(world, published(world)).pk}


P = "p/<slug:slug>/"
R = "practices/<int:practice_id>/requests/"
API = "api/v1/"
AR = API + "practices/<practice_id>/requests/"

EQUITY_PUBLIC_CASES: dict[str, Case] = {
    P: Case(page, SIGNED_IN, anonymous=PUBLIC),
    P + "request/": Case(page, SIGNED_IN, anonymous=PUBLIC),
    P + "request/sent/": Case(page, SIGNED_IN, anonymous=PUBLIC),
    "practices/<int:practice_id>/public-page/": Case(practice, ADMINS),
    "practices/<int:practice_id>/listing/": Case(practice, FACILITATORS),
    R: Case(practice, STAFF),
    R + "<int:request_id>/": Case(a_request, STAFF),
    R + "<int:request_id>/accept/": Case(a_request, STAFF),
    R + "<int:request_id>/decline/": Case(a_request, STAFF),
    API + "public/<slug>": Case(page, SIGNED_IN, anonymous=PUBLIC),
    API + "public/<slug>/requests": Case(page, SIGNED_IN, anonymous=PUBLIC, body=lambda w: {"email": "m@ex.org"}),
    API + "practices/<practice_id>/requests": Case(practice, STAFF),
    AR + "<request_id>/accept": Case(a_request, STAFF, body=lambda w: {"kind": "psychotherapy"}),
    AR + "<request_id>/decline": Case(a_request, STAFF, body=lambda w: {"reply": "Sorry."}),
    API + "practices/<practice_id>/public-page": Case(practice, ADMINS, body=lambda w: {"slug": "juniper"}),
    API + "practices/<practice_id>/listing": Case(practice, FACILITATORS, body=lambda w: {"times": ["weekend"]}),
}
