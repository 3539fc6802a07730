"""/health liveness and the OpenAPI document."""
import re

import pytest


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


def test_trailing_slashes_reach_the_same_resource(user):
    assert user.get("/api/v1/channels/").status_code == 200
    assert user.get("/api/v1/users/me/").status_code == 200


def test_browsers_get_cors_headers_on_the_api(client):
    response = client.options("/api/v1/auth/login", headers={
        "Origin": "https://app.example.com", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "Authorization, Content-Type"})
    assert response.headers["Access-Control-Allow-Origin"] in ("*", "https://app.example.com")
    got = client.get("/api/v1/nowhere", headers={"Origin": "https://app.example.com"})
    assert "X-Request-ID" in got.headers["Access-Control-Expose-Headers"]


@pytest.mark.parametrize("page", ["/api/docs/", "/api/docs/redoc"])
def test_interactive_docs_load_only_local_assets_that_answer(client, page):
    html = client.get(page).get_data(as_text=True)
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets, html
    for url in assets:
        assert url.startswith("/api/docs/"), f"{page} loads {url} from elsewhere"
        response = client.get(url)
        assert response.status_code == 200 and len(response.data) > 1000, url
