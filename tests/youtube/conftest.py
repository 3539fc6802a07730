"""YouTube fixtures: the Google stand-in wired into the app's config, a channel, a linked channel."""
import uuid
from datetime import timedelta

import pytest

from tests.standins.google_api import GoogleStandIn
from ytempire.common.timeutil import utcnow
from ytempire.common.secrets_at_rest import encrypt_token
from ytempire.youtube.models import ChannelCredential

CLIENT_ID = "client-123.apps"
WEBHOOK_SECRET = "hub-secret-for-tests"


@pytest.fixture
def google(app, monkeypatch):
    with GoogleStandIn(youtube_channel_id=f"UC_{uuid.uuid4().hex[:12]}", client_id=CLIENT_ID) as standin:
        for key, value in {"YOUTUBE_CLIENT_ID": CLIENT_ID, "YOUTUBE_CLIENT_SECRET": standin.client_secret,
                           "GOOGLE_OAUTH_TOKEN_URI": standin.url + "/token",
                           "GOOGLE_OAUTH_AUTH_URI": "https://accounts.google.com/o/oauth2/v2/auth",
                           "YOUTUBE_API_BASE_URL": standin.url, "PUBSUBHUBBUB_HUB_URL": standin.url + "/hub",
                           "YOUTUBE_WEBHOOK_SECRET": WEBHOOK_SECRET, "APP_URL": "https://api.example.com",
                           "YOUTUBE_API_KEY": None, "CREDENTIALS_ENCRYPTION_KEY": None}.items():
            monkeypatch.setitem(app.config, key, value)
        yield standin


@pytest.fixture
def channel(user, google):
    response = user.post("/api/v1/channels", json={"name": "Science Daily", "niche": "science",
                                                   "youtube_channel_id": google.youtube_channel_id})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def link(db, channel_id, google, *, expired=False, scopes=GoogleStandIn.granted_scopes) -> ChannelCredential:
    """Store a grant the stand-in issued, as the OAuth callback would."""
    access, refresh = google.issue()
    expiry = utcnow() + (timedelta(minutes=-5) if expired else timedelta(hours=1))
    credential = ChannelCredential(channel_id=uuid.UUID(str(channel_id)), google_project=CLIENT_ID, warnings=[],
                                   youtube_channel_id=google.youtube_channel_id,
                                   encrypted_token=encrypt_token({"access_token": access, "refresh_token": refresh,
                                                                  "expiry": expiry.isoformat(),
                                                                  "scopes": list(scopes)}))
    db.session.add(credential)
    db.session.commit()
    return credential


@pytest.fixture
def linked(db, channel, google):
    return link(db, channel["id"], google)
