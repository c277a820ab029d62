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
