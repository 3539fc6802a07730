"""The OpenAPI document describes errors as the API sends them: 400 for invalid input, in the envelope."""


def _operations(client):
    spec = client.get("/api/docs/openapi.json").get_json()
    for path, methods in spec["paths"].items():
        for method, operation in methods.items():
            if isinstance(operation, dict) and "responses" in operation:
                yield spec, f"{method.upper()} {path}", operation


def test_only_the_idempotent_generate_documents_422_for_a_reused_key(client):
    """Invalid input is 400 everywhere; 422 is kept for an Idempotency-Key reused with another body."""
    documented = [name for _, name, operation in _operations(client) if "422" in operation["responses"]]
    assert documented == ["POST /api/v1/videos/generate"]


def test_every_operation_with_a_body_or_query_documents_400_in_the_envelope(client):
    checked = 0
    for spec, name, operation in _operations(client):
        takes_input = "requestBody" in operation or any(p.get("in") == "query" for p in operation.get("parameters", []))
        if takes_input:
            checked += 1
            assert "400" in operation["responses"], name
            assert operation["responses"]["400"]["content"]["application/json"]["schema"] == {
                "$ref": "#/components/schemas/ErrorEnvelope"}, name
    assert checked > 10


def test_the_default_error_response_is_the_envelope(client):
    spec = client.get("/api/docs/openapi.json").get_json()
    schema = spec["components"]["responses"]["DEFAULT_ERROR"]["content"]["application/json"]["schema"]
    assert schema == {"$ref": "#/components/schemas/ErrorEnvelope"}
    assert set(spec["components"]["schemas"]["ErrorEnvelope"]["properties"]) == {"error", "request_id", "timestamp"}


def test_invalid_input_is_answered_400_as_documented(client):
    response = client.post("/api/v1/auth/login", json={"email": 5})
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "VALIDATION_ERROR"
