"""The API describes itself: the OpenAPI document lists the engagement endpoints."""

from __future__ import annotations

from tests.conftest import World


def test_openapi_document_lists_engagement_paths(world: World) -> None:
    response = world.client_for(None).get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    document = response.json()
    assert document["info"]["title"] == "cocreate"
    paths = document["paths"]
    base = "/api/v1/engagements/{engagement_id}"
    assert "/api/v1/engagements" in paths
    for suffix in ["", "/care-team", "/transitions", "/sessions", "/sessions/{session_id}",
                   "/sessions/{session_id}/cancel", "/shared-notes", "/private-notes", "/access-events"]:
        assert base + suffix in paths, suffix
    assert set(paths["/api/v1/engagements"]) == {"get", "post"}
    assert "patch" in paths[base + "/sessions/{session_id}"]
    assert "/api/v1/auth/token" in paths
    assert "/api/v1/supervision/{supervision_id}/access" in paths


def test_openapi_document_declares_bearer_auth(world: World) -> None:
    document = world.client_for(None).get("/api/v1/openapi.json").json()
    schemes = document["components"]["securitySchemes"]
    assert any(s.get("scheme") == "bearer" for s in schemes.values())


def _schema_classes() -> list[type]:
    import importlib
    import pkgutil

    from ninja import Schema

    import cocreate

    for module in pkgutil.walk_packages(cocreate.__path__, "cocreate."):
        if not module.name.endswith((".migrations", "management.commands")) and ".migrations." not in module.name:
            importlib.import_module(module.name)
    found, stack = [], list(Schema.__subclasses__())
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        if cls.__module__.startswith("cocreate."):
            found.append(cls)
    return found


def test_no_two_api_shapes_share_a_name() -> None:
    """The OpenAPI document names each shape once: two with one name would let one shadow the other."""
    seen: dict[str, str] = {}
    clashes = []
    for cls in _schema_classes():
        where = f"{cls.__module__}.{cls.__qualname__}"
        if cls.__name__ in seen and seen[cls.__name__] != where:
            clashes.append(f"{cls.__name__}: {seen[cls.__name__]} and {where}")
        seen.setdefault(cls.__name__, where)
    assert not clashes


def test_accepting_an_invitation_is_described_with_its_own_body(world: World) -> None:
    document = world.client_for(None).get("/api/v1/openapi.json").json()
    body = document["paths"]["/api/v1/invitations/accept"]["post"]["requestBody"]["content"]["application/json"]
    name = body["schema"]["$ref"].rsplit("/", 1)[-1]
    assert {"token", "password"} <= set(document["components"]["schemas"][name]["properties"])


def test_the_docs_page_loads_swagger_from_this_site(world: World) -> None:
    page = world.client_for(None).get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page and "cdn" not in page.lower()


def test_the_description_is_built_once_per_process() -> None:
    from cocreate.api import api

    first = api.get_openapi_schema()
    assert api.get_openapi_schema() is first
    assert "/api/v1/engagements" in first["paths"]
