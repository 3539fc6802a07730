"""PUT and DELETE of an uploaded video reach YouTube (videos.update / videos.delete) through the quota ledger."""
import uuid
from datetime import timedelta

import pytest

from tests.helpers import assert_error
from ytempire.common.timeutil import isoformat, utcnow
from ytempire.youtube.quota_models import QuotaUsage
from ytempire.videos.models import Video


@pytest.fixture
def uploaded(db, user, channel, linked, google):
    """A video our pipeline uploaded to the linked channel, and YouTube's copy of it."""
    video = Video(user_id=uuid.UUID(user.user_id), channel_id=uuid.UUID(channel["id"]), title="Tides", topic="tides",
                  description="Old", tags=["sea"], status="published", privacy_status="private",
                  publish_target="youtube", youtube_video_id="yt_up_1", published_at=utcnow(), language="en-US")
    db.session.add(video)
    db.session.commit()
    google.add_video("yt_up_1")
    return video


def pool_units(db):
    db.session.expire_all()
    return sum(u.units_used for u in db.session.query(QuotaUsage).filter_by(bucket="pool"))


def test_editing_an_uploaded_video_updates_it_on_youtube(db, user, uploaded, google):
    publish_at = (utcnow() + timedelta(days=2)).replace(microsecond=0)
    response = user.put(f"/api/v1/videos/{uploaded.id}", json={
        "title": "How tides work", "description": "New", "tags": ["sea", "moon"], "privacy_status": "private",
        "scheduled_at": isoformat(publish_at)})
    assert response.status_code == 200, response.get_json()
    on_youtube = google.videos["yt_up_1"]
    assert on_youtube["snippet"]["title"] == "How tides work" and on_youtube["snippet"]["description"] == "New"
    assert on_youtube["snippet"]["tags"] == ["sea", "moon"]
    assert on_youtube["status"]["privacyStatus"] == "private"
    assert on_youtube["status"]["publishAt"] == isoformat(publish_at)
    update = google.requests_to("/youtube/v3/videos")[-1]
    assert update.method == "PUT" and update.query["part"] == ["snippet,status"]
    assert pool_units(db) == 50                                     # videos.update, in the ledger
    assert response.get_json()["scheduled_at"] == isoformat(publish_at)

    # Public now, while YouTube holds a publish time: clear the schedule in the same edit.
    assert_error(user.put(f"/api/v1/videos/{uploaded.id}", json={"privacy_status": "public"}), 409, "CONFLICT")
    response = user.put(f"/api/v1/videos/{uploaded.id}", json={"privacy_status": "public", "scheduled_at": None})
    assert response.status_code == 200 and response.get_json()["scheduled_at"] is None
    assert google.videos["yt_up_1"]["status"]["privacyStatus"] == "public"
    assert "publishAt" not in google.videos["yt_up_1"]["status"]


def test_a_refused_update_changes_nothing_here_and_is_not_a_500(db, user, uploaded, google):
    google.videos["yt_up_1"]["owner"] = "UC_someone_else"          # YouTube answers 403 forbidden
    response = user.put(f"/api/v1/videos/{uploaded.id}", json={"title": "Renamed"})
    assert_error(response, 409, "CONFLICT")
    db.session.expire_all()
    assert db.session.get(Video, uploaded.id).title == "Tides"


def test_scheduling_a_public_upload_is_409_before_calling_youtube(db, user, uploaded, google):
    uploaded.privacy_status = "public"
    db.session.commit()
    future = isoformat(utcnow() + timedelta(days=1))
    assert_error(user.put(f"/api/v1/videos/{uploaded.id}", json={"scheduled_at": future}), 409, "CONFLICT")
    assert google.requests_to("/youtube/v3/videos") == []


def test_spent_quota_is_429_and_the_edit_waits(db, user, uploaded, google):
    from ytempire.youtube.quota import reserve_quota

    for _ in range(200):                                            # 10,000 units of the pool, 50 at a time
        reserve_quota("client-123.apps", "videos.update")
    response = user.put(f"/api/v1/videos/{uploaded.id}", json={"title": "Renamed"})
    assert_error(response, 429, "RATE_LIMITED")
    assert "Retry-After" in response.headers and google.requests_to("/youtube/v3/videos") == []


def test_delete_with_the_flag_deletes_the_upload_on_youtube(db, user, uploaded, google):
    response = user.delete(f"/api/v1/videos/{uploaded.id}?delete_from_youtube=true")
    assert response.status_code == 204
    assert "yt_up_1" not in google.videos and pool_units(db) == 50  # videos.delete, in the ledger
    assert user.get(f"/api/v1/videos/{uploaded.id}").status_code == 404


def test_delete_without_the_flag_leaves_youtube_alone(db, user, uploaded, google):
    assert user.delete(f"/api/v1/videos/{uploaded.id}").status_code == 204
    assert "yt_up_1" in google.videos and google.requests_to("/youtube/v3/videos") == []


def test_delete_of_an_upload_youtube_already_lost_still_deletes_here(db, user, uploaded, google):
    del google.videos["yt_up_1"]
    assert user.delete(f"/api/v1/videos/{uploaded.id}?delete_from_youtube=true").status_code == 204
    assert user.get(f"/api/v1/videos/{uploaded.id}").status_code == 404


def test_a_refused_delete_on_youtube_keeps_the_video_here(db, user, uploaded, google):
    google.videos["yt_up_1"]["owner"] = "UC_someone_else"
    assert_error(user.delete(f"/api/v1/videos/{uploaded.id}?delete_from_youtube=true"), 409, "CONFLICT")
    assert user.get(f"/api/v1/videos/{uploaded.id}").status_code == 200
