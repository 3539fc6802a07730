"""/metrics: Prometheus text with request and pipeline metrics."""
import re
import uuid
from decimal import Decimal

from ytempire.accounting.models import CostEntry


def test_metrics_count_requests_per_endpoint_and_status(client, user):
    user.get("/api/v1/users/me")
    client.get("/api/v1/users/me")
    body = client.get("/metrics").get_data(as_text=True)
    assert 'ytempire_http_request_duration_seconds_bucket{endpoint="/api/v1/users/me"' in body
    assert 'ytempire_http_requests_total{endpoint="/api/v1/users/me",method="GET",status="401"}' in body
    assert 'ytempire_http_requests_total{endpoint="/api/v1/users/me",method="GET",status="200"}' in body


def test_metrics_include_pipeline_jobs_queues_and_costs(client, user, db):
    channel = user.post("/api/v1/channels", json={"name": "M", "niche": "tech",
                                                  "youtube_channel_id": f"UC_{uuid.uuid4().hex[:8]}"}).get_json()
    receipt = user.post("/api/v1/videos/generate", json={"channel_id": channel["id"], "topic": "Metrics"}).get_json()
    db.session.add(CostEntry(user_id=uuid.UUID(user.user_id), video_id=uuid.UUID(receipt["video_id"]),
                             stage="voice_synthesis", provider="elevenlabs", unit="character", units=100,
                             unit_price=Decimal("0.00005"), amount=Decimal("0.005"), charge_key="metrics-test"))
    db.session.commit()
    body = client.get("/metrics").get_data(as_text=True)
    assert 'ytempire_jobs{status="pending"} 1.0' in body
    assert 'ytempire_queue_depth{queue="ai"} 1.0' in body
    assert "# TYPE ytempire_stage_duration_seconds histogram" in body
    assert 'ytempire_cost_usd_total{provider="elevenlabs",stage="voice_synthesis"} 0.005' in body
    assert "ytempire_job_retries_total 0.0" in body


def test_metrics_answer_even_when_the_database_is_down(app_config):
    from ytempire import create_app

    broken = create_app({**app_config, "SQLALCHEMY_DATABASE_URI": "postgresql://postgres@127.0.0.1:1/none"})
    response = broken.test_client().get("/metrics")
    assert response.status_code == 200
    assert "ytempire_pipeline_metrics_up 0.0" in response.get_data(as_text=True)


def test_metrics_content_type_is_exactly_prometheus_text_format(client):
    from prometheus_client import CONTENT_TYPE_LATEST

    response = client.get("/metrics")
    assert response.headers["Content-Type"] == CONTENT_TYPE_LATEST
    assert response.headers["Content-Type"].count("charset") == 1


def test_unknown_http_methods_share_one_other_series(client):
    for method in ("AUDITX9Q", "PROPFIND"):
        assert client.open("/api/v1/users/me", method=method).status_code == 405
    body = client.get("/metrics").get_data(as_text=True)
    assert "AUDITX9Q" not in body and "PROPFIND" not in body
    assert re.search(r'ytempire_http_requests_total\{[^}]*method="other",status="405"\} 2\.0', body)
