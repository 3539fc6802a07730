"""Schemathesis over the app's own OpenAPI spec, every phase, against a live server: no 5xx, no answer off the spec.

Bounded for the normal suite (FUZZ_SECONDS, default 35 s of fuzzing, about a minute in all). A longer run, the same way:
    FUZZ_SECONDS=300 pytest tests/test_openapi_fuzz.py -s
"""
import os
import subprocess
import sys
import threading
import uuid
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.helpers import register
from tests.standins.google_api import GoogleStandIn
from tests.standins.stripe_server import StripeStandIn
from ytempire.extensions import db as _db
from ytempire.users.models import User

CONFIG = Path(__file__).with_name("schemathesis.toml")


@pytest.fixture
def live_api(app, monkeypatch, tmp_path):
    """The test app on a loopback port, configured as in production but for stand-ins, rate limits off.

    Google's stand-in answers the OAuth callback's code exchange as Google does (a fuzzed code is
    `invalid_grant`): the fuzzer reaches that call whenever it follows the link to a valid state.
    """
    with StripeStandIn() as stripe, GoogleStandIn(client_id="fuzz.apps", client_secret="fuzz-secret") as google:
        for key, value in {"RATELIMIT_ENABLED": False, "STORAGE_PATH": str(tmp_path),
                           "GOOGLE_OAUTH_TOKEN_URI": google.url + "/token", "YOUTUBE_API_BASE_URL": google.url,
                           "PUBSUBHUBBUB_HUB_URL": google.url + "/hub",
                           "STRIPE_SECRET_KEY": stripe.api_key, "STRIPE_API_BASE": stripe.url,
                           "STRIPE_WEBHOOK_SECRET": "whsec_fuzz", "STRIPE_PRICE_STARTER": "price_starter",
                           "STRIPE_PRICE_PROFESSIONAL": "price_pro", "STRIPE_PRICE_ENTERPRISE": "price_ent",
                           "YOUTUBE_CLIENT_ID": "fuzz.apps", "YOUTUBE_CLIENT_SECRET": "fuzz-secret",
                           "YOUTUBE_WEBHOOK_SECRET": "hub-secret"}.items():
            monkeypatch.setitem(app.config, key, value)
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            yield f"http://127.0.0.1:{server.server_port}"
        finally:
            server.shutdown()


@pytest.fixture
def admin_token(app, client):
    """A registered user's token, made an administrator so that /admin is exercised too."""
    tokens = register(client)
    with app.app_context():
        _db.session.get(User, uuid.UUID(tokens["user_id"])).is_admin = True
        _db.session.commit()
        _db.session.remove()
    return tokens["access_token"]


def run_schemathesis(base_url: str, token: str, seconds: int, report_dir: Path) -> subprocess.CompletedProcess:
    st = Path(sys.executable).with_name("st")
    command = [str(st), "--config-file", str(CONFIG), "run", f"{base_url}/api/docs/openapi.json", "--url", base_url,
               "-H", f"Authorization: Bearer {token}", "--phases", "examples,coverage,fuzzing,stateful",
               "--max-time", str(seconds), "--max-examples", "25", "--workers", "1",
               "--request-timeout", "20", "--generation-database", "none", "--no-color",
               "--report", "ndjson", "--report-dir", str(report_dir)]
    return subprocess.run(command, capture_output=True, text=True, timeout=seconds + 120)


@pytest.mark.fuzz
def test_schemathesis_finds_no_server_error_and_no_answer_off_the_spec(live_api, admin_token, tmp_path):
    result = run_schemathesis(live_api, admin_token, int(os.environ.get("FUZZ_SECONDS", "35")), tmp_path)
    print(result.stdout)
    assert result.returncode == 0, result.stdout[-20000:] + result.stderr[-3000:]
