"""/health liveness and the OpenAPI document."""


def test_health_is_ok(client):
    response = client.get("/health")
    assert response.status_code == 200 and response.get_json()["status"] == "ok"


def test_openapi_lists_every_endpoint_with_error_responses(client):
    spec = client.get("/api/docs/openapi.json").get_json()
    paths = spec["paths"]
    for path in ("/api/v1/auth/register", "/api/v1/auth/login", "/api/v1/auth/refresh", "/api/v1/auth/logout",
                 "/api/v1/users/me", "/api/v1/users/me/usage", "/api/v1/users/me/billing",
                 "/api/v1/channels", "/api/v1/channels/{channel_id}"):
        assert path in paths, path
    register = paths["/api/v1/auth/register"]["post"]
    assert {"201", "400", "409"} <= set(register["responses"])
    assert "ErrorEnvelope" in spec["components"]["schemas"]
    assert "bearerAuth" in spec["components"]["securitySchemes"]


def test_interactive_docs_are_served(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200 and b"swagger" in response.data.lower()
