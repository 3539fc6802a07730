"""Originality guard: near-duplicates are held before upload until a person approves; review mode waits."""
import json
import shutil
import uuid
from datetime import timedelta

import pytest

from tests.helpers import AuthedClient, assert_error, register, set_tier
from ytempire.common.ffmpeg import run_ffmpeg
from ytempire.accounting.models import CostEntry
from ytempire.common.timeutil import utcnow
from ytempire.originality.models import VideoFingerprint
from ytempire.pipeline.models import GenerationJob
from ytempire.pipeline.outcomes import StageHeld, StageSkipped
from ytempire.pipeline.runner import run_stage
from ytempire.pipeline.stages import STAGES, UPLOAD_STAGE
from ytempire.pipeline.storage import artefact_path, video_dir
from ytempire.users.models import User

TIDES = {"title": "How tides work", "topic": "Why the ocean has tides twice a day"}
VOLCANOES = {"title": "Volcanoes under the sea", "topic": "How volcanoes form on the sea floor"}


@pytest.fixture(scope="module")
def stored_render(tmp_path_factory):
    """A one-second MP4 laid down as each video's render artefact, which the assembly stage then reuses.

    These tests are about what happens around the upload; rendering each 15 s video on a shared
    two-core machine takes most of a minute, and test_stages_direct covers the real render.
    """
    path = tmp_path_factory.mktemp("render") / "video.mp4"
    run_ffmpeg(["-f", "lavfi", "-i", "color=c=black:s=320x180:d=1", "-f", "lavfi", "-i", "anullsrc=r=22050",
                "-t", "1", "-c:v", "libx264", "-c:a", "aac", "-shortest", str(path)])
    return path


@pytest.fixture
def channel(app, user):
    set_tier(app, user.user_id, "professional")     # several channels: the guard looks across all of them
    return new_channel(user)


def new_channel(user, name="Science Daily"):
    return user.post("/api/v1/channels", json={"name": name, "niche": "science",
                                               "youtube_channel_id": f"UC_{uuid.uuid4().hex[:10]}"}).get_json()


def request(user, channel, subject, publish="auto"):
    response = user.post("/api/v1/videos/generate", json={
        "channel_id": channel["id"], **subject, "publish": publish, "video_config": {"duration": 15}})
    assert response.status_code == 202, response.get_json()
    return response.get_json()


class Pipeline:
    """Runs stages directly, in-process, with the stored render in place of each video's render."""

    def __init__(self, stored_render):
        self.stored_render = stored_render

    def until_upload(self, receipt, before_assembly=None):
        for stage in STAGES[:-1]:
            if stage == "video_assembly":
                shutil.copy(self.stored_render, artefact_path(receipt["video_id"], "video_assembly"))
                if before_assembly:
                    before_assembly(receipt)
            assert run_stage(receipt["job_id"], stage, "test-worker") == "done"

    def make(self, user, channel, subject, publish="auto"):
        receipt = request(user, channel, subject, publish)
        self.until_upload(receipt)
        return receipt


@pytest.fixture
def pipeline(app, stored_render, monkeypatch):
    # The stored one-second black render would fail the quality gates (tested in test_assembly_checks):
    # here the operator's report-only switch lets it through to the guard.
    monkeypatch.setitem(app.config, "QUALITY_GATES_ENFORCED", False)
    return Pipeline(stored_render)


def video_of(user, receipt):
    response = user.get(f"/api/v1/videos/{receipt['video_id']}")
    assert response.status_code == 200
    return response.get_json()


def upload_charges(db, receipt):
    db.session.expire_all()
    return db.session.query(CostEntry).filter_by(job_id=uuid.UUID(receipt["job_id"]), stage=UPLOAD_STAGE).count()


def test_a_second_video_on_the_same_topic_is_held_with_the_first_named(db, pipeline, user, channel):
    first = pipeline.make(user, channel, TIDES)
    assert run_stage(first["job_id"], UPLOAD_STAGE) == "done"
    assert video_of(user, first)["status"] == "published"

    second_channel = new_channel(user, "Ocean Facts")      # across all the user's channels
    second = pipeline.make(user, second_channel, TIDES)
    with pytest.raises(StageHeld):
        run_stage(second["job_id"], UPLOAD_STAGE)

    video = video_of(user, second)
    assert video["status"] == "needs_review" and video["youtube_video_id"] is None
    originality = video["originality"]
    assert originality["held"] is True and originality["review_reason"] == "originality"
    assert originality["script_similarity"] > 0.6 and originality["score"] < 0.4
    assert originality["closest"][0]["video_id"] == first["video_id"]
    assert originality["closest"][0]["channel_id"] == channel["id"]
    assert originality["closest"][0]["script_similarity"] > 0.6
    assert originality["checked_at"].endswith("Z") or "+00:00" in originality["checked_at"]
    assert not artefact_path(second["video_id"], UPLOAD_STAGE).exists()   # nothing uploaded, no quota spent
    assert upload_charges(db, second) == 0
    status = user.get(f"/api/v1/videos/{second['video_id']}/status").get_json()
    assert status["status"] == "needs_review" and UPLOAD_STAGE not in status["stages_remaining"]
    events = user.get(f"/api/v1/videos/{second['video_id']}/events").get_data(as_text=True)
    assert '"status": "needs_review"' in events or '"status":"needs_review"' in events   # the stream ends there
    with pytest.raises(StageSkipped):           # a late duplicate delivery of the upload does nothing
        run_stage(second["job_id"], UPLOAD_STAGE)


def test_a_video_on_a_different_topic_is_uploaded(db, pipeline, user, channel):
    first = pipeline.make(user, channel, TIDES)
    run_stage(first["job_id"], UPLOAD_STAGE)
    other = pipeline.make(user, channel, VOLCANOES)
    assert run_stage(other["job_id"], UPLOAD_STAGE) == "done"
    video = video_of(user, other)
    assert video["status"] == "published" and video["publish_target"] == "local"
    assert video["originality"]["held"] is False
    assert video["originality"]["script_similarity"] < 0.6 and video["originality"]["score"] > 0.4


def test_approve_releases_the_upload_exactly_once(db, pipeline, user, channel):
    first = pipeline.make(user, channel, TIDES)
    run_stage(first["job_id"], UPLOAD_STAGE)
    second = pipeline.make(user, channel, TIDES)
    with pytest.raises(StageHeld):
        run_stage(second["job_id"], UPLOAD_STAGE)

    approved = user.post(f"/api/v1/videos/{second['video_id']}/approve")
    assert approved.status_code == 202
    assert approved.get_json()["status"] == "queued" and approved.get_json()["current_stage"] == UPLOAD_STAGE
    assert_error(user.post(f"/api/v1/videos/{second['video_id']}/approve"), 409, "CONFLICT")

    assert run_stage(second["job_id"], UPLOAD_STAGE) == "done"     # the approval is not held again
    with pytest.raises(StageSkipped):
        run_stage(second["job_id"], UPLOAD_STAGE)
    video = video_of(user, second)
    assert video["status"] == "published" and video["originality"]["approved_at"]
    assert upload_charges(db, second) == 1
    assert_error(user.post(f"/api/v1/videos/{second['video_id']}/approve"), 409, "CONFLICT")


def test_publish_review_waits_for_approval_even_when_original(db, pipeline, user, channel):
    receipt = pipeline.make(user, channel, TIDES, publish="review")
    video = video_of(user, receipt)
    assert video["status"] == "needs_review" and video["publish_mode"] == "review"
    assert video["thumbnail_url"] and video["video_url"]                   # the preview a reviewer looks at
    assert video["originality"]["held"] is False and video["originality"]["review_reason"] == "publish_mode"
    db.session.expire_all()
    job = db.session.get(GenerationJob, uuid.UUID(receipt["job_id"]))
    assert job.status == "completed" and UPLOAD_STAGE not in job.stages
    assert user.get(f"/api/v1/videos/{receipt['video_id']}/download").status_code == 200

    assert user.post(f"/api/v1/videos/{receipt['video_id']}/approve").status_code == 202
    assert run_stage(receipt["job_id"], UPLOAD_STAGE) == "done"
    assert video_of(user, receipt)["status"] == "published"


def test_a_review_video_is_not_released_by_an_edit(db, pipeline, user, channel):
    receipt = pipeline.make(user, channel, TIDES, publish="review")
    edited = user.put(f"/api/v1/videos/{receipt['video_id']}", json={"title": "Tides, explained"})
    assert edited.status_code == 200 and edited.get_json()["status"] == "needs_review"


def test_another_users_videos_are_never_compared_or_shown(db, pipeline, client, user, channel):
    stranger = AuthedClient(client, register(client))
    their_channel = new_channel(stranger, "Their Science")
    theirs = pipeline.make(stranger, their_channel, TIDES)
    run_stage(theirs["job_id"], UPLOAD_STAGE)

    mine = pipeline.make(user, channel, TIDES)
    assert run_stage(mine["job_id"], UPLOAD_STAGE) == "done"
    video = video_of(user, mine)
    assert video["status"] == "published" and video["originality"]["closest"] == []
    assert theirs["video_id"] not in json.dumps(video)
    assert_error(stranger.get(f"/api/v1/videos/{mine['video_id']}"), 404, "NOT_FOUND")

    held = pipeline.make(user, channel, TIDES)
    with pytest.raises(StageHeld):
        run_stage(held["job_id"], UPLOAD_STAGE)
    assert {c["video_id"] for c in video_of(user, held)["originality"]["closest"]} == {mine["video_id"]}
    assert_error(stranger.post(f"/api/v1/videos/{held['video_id']}/approve"), 404, "NOT_FOUND")
    assert stranger.get("/api/v1/videos?needs_review=true").get_json()["videos"] == []


def test_needs_review_filters_the_list_and_bad_values_are_400(db, pipeline, user, channel):
    first = pipeline.make(user, channel, TIDES)
    run_stage(first["job_id"], UPLOAD_STAGE)
    second = pipeline.make(user, channel, TIDES)
    with pytest.raises(StageHeld):
        run_stage(second["job_id"], UPLOAD_STAGE)
    held = user.get("/api/v1/videos?needs_review=true").get_json()["videos"]
    assert [v["id"] for v in held] == [second["video_id"]]
    assert held[0]["originality"]["closest"][0]["video_id"] == first["video_id"]
    assert [v["id"] for v in user.get("/api/v1/videos?needs_review=false").get_json()["videos"]] == [first["video_id"]]
    assert_error(user.get("/api/v1/videos?needs_review=perhaps"), 400, "VALIDATION_ERROR")


def test_approve_errors_404_for_unknown_and_409_for_a_video_not_held(db, pipeline, user, channel):
    assert_error(user.post(f"/api/v1/videos/{uuid.uuid4()}/approve"), 404, "NOT_FOUND")
    assert_error(user.post("/api/v1/videos/not-a-uuid/approve"), 404, "NOT_FOUND")
    receipt = request(user, channel, TIDES, publish="manual")
    assert_error(user.post(f"/api/v1/videos/{receipt['video_id']}/approve"), 409, "CONFLICT")
    pipeline.until_upload(receipt)
    assert video_of(user, receipt)["status"] == "completed"
    assert_error(user.post(f"/api/v1/videos/{receipt['video_id']}/approve"), 409, "CONFLICT")


def test_an_edit_rechecks_and_releases_once_the_near_duplicate_is_gone(db, pipeline, user, channel):
    first = pipeline.make(user, channel, TIDES)
    run_stage(first["job_id"], UPLOAD_STAGE)
    second = pipeline.make(user, channel, TIDES)
    with pytest.raises(StageHeld):
        run_stage(second["job_id"], UPLOAD_STAGE)
    checked_at = video_of(user, second)["originality"]["checked_at"]

    still = user.put(f"/api/v1/videos/{second['video_id']}", json={"title": "Tides, once more"}).get_json()
    assert still["status"] == "needs_review" and still["originality"]["checked_at"] > checked_at
    assert still["originality"]["closest"][0]["title_similarity"] < 1

    assert user.delete(f"/api/v1/videos/{first['video_id']}").status_code == 204
    released = user.put(f"/api/v1/videos/{second['video_id']}", json={"title": "Tides, a fresh look"}).get_json()
    assert released["status"] == "queued" and released["originality"]["held"] is False
    assert run_stage(second["job_id"], UPLOAD_STAGE) == "done"
    assert video_of(user, second)["status"] == "published"


def test_a_manual_publish_of_a_near_duplicate_is_held_too(db, pipeline, user, channel):
    first = pipeline.make(user, channel, TIDES)
    run_stage(first["job_id"], UPLOAD_STAGE)
    manual = pipeline.make(user, channel, TIDES, publish="manual")
    assert user.post(f"/api/v1/videos/{manual['video_id']}/publish", json={}).status_code == 202
    with pytest.raises(StageHeld):
        run_stage(manual["job_id"], UPLOAD_STAGE)
    assert video_of(user, manual)["status"] == "needs_review"
    assert_error(user.post(f"/api/v1/videos/{manual['video_id']}/publish", json={}), 409, "CONFLICT")


def test_videos_older_than_the_window_are_not_compared(db, pipeline, user, channel):
    first = pipeline.make(user, channel, TIDES)
    run_stage(first["job_id"], UPLOAD_STAGE)
    db.session.get(VideoFingerprint, uuid.UUID(first["video_id"])).created_at = utcnow() - timedelta(days=91)
    db.session.commit()
    second = pipeline.make(user, channel, TIDES)
    assert run_stage(second["job_id"], UPLOAD_STAGE) == "done"
    assert video_of(user, second)["originality"]["closest"] == []


def stock_plan(ids):
    """A visuals plan as the assembly stage stores it when stock footage is used."""
    def write(receipt):
        shots = [{"start": i, "duration": 1, "kind": "clip", "path": f"/cache/{sid}.mp4", "source_id": sid}
                 for i, sid in enumerate(ids)]
        (video_dir(receipt["video_id"]) / "visuals.json").write_text(
            json.dumps({"provider": "pexels", "shots": shots, "credits": []}))
    return write


def test_reused_stock_footage_above_the_limit_holds_a_video_on_another_topic(db, pipeline, user, channel):
    first = request(user, channel, TIDES)
    pipeline.until_upload(first, before_assembly=stock_plan(["pexels:video:1", "pexels:video:2", "pexels:video:3"]))
    run_stage(first["job_id"], UPLOAD_STAGE)
    other = request(user, channel, VOLCANOES)
    pipeline.until_upload(other, before_assembly=stock_plan(
        ["pexels:video:1", "pexels:video:2", "pexels:video:3", "pexels:video:9"]))
    with pytest.raises(StageHeld):
        run_stage(other["job_id"], UPLOAD_STAGE)
    originality = video_of(user, other)["originality"]
    assert originality["visual_reuse"] == 0.75 and originality["script_similarity"] < 0.6
    assert originality["closest"][0] == {**originality["closest"][0], "video_id": first["video_id"],
                                         "visual_overlap": 0.75}
    assert video_of(user, other)["made_with"]["visuals"] == "pexels"


def test_the_video_shows_which_providers_made_each_part(db, pipeline, user, channel):
    receipt = pipeline.make(user, channel, TIDES)
    assert video_of(user, receipt)["made_with"] == {"script": "offline", "voice": "offline", "visuals": "slides",
                                                    "music": None, "synthetic": ["voice"]}


def test_admin_metrics_count_holds(db, pipeline, client, user, channel):
    first = pipeline.make(user, channel, TIDES)
    run_stage(first["job_id"], UPLOAD_STAGE)
    second = pipeline.make(user, channel, TIDES)
    with pytest.raises(StageHeld):
        run_stage(second["job_id"], UPLOAD_STAGE)
    tokens = register(client)
    db.session.get(User, uuid.UUID(tokens["user_id"])).is_admin = True
    db.session.commit()
    metrics = AuthedClient(client, tokens).get("/api/v1/admin/system/metrics").get_json()
    assert metrics["review_holds"] == {"needs_review": 1, "held_24h": 1}
    user.post(f"/api/v1/videos/{second['video_id']}/approve")
    metrics = AuthedClient(client, tokens).get("/api/v1/admin/system/metrics").get_json()
    assert metrics["review_holds"] == {"needs_review": 0, "held_24h": 1}


def test_a_video_finished_without_a_fingerprint_is_fingerprinted_and_checked_before_upload(db, pipeline, user, channel):
    first = pipeline.make(user, channel, TIDES)
    run_stage(first["job_id"], UPLOAD_STAGE)
    second = pipeline.make(user, channel, TIDES)
    db.session.query(VideoFingerprint).filter_by(video_id=uuid.UUID(second["video_id"])).delete()
    db.session.commit()          # as for a video finished before the guard existed
    with pytest.raises(StageHeld):
        run_stage(second["job_id"], UPLOAD_STAGE)
    assert video_of(user, second)["originality"]["closest"][0]["video_id"] == first["video_id"]
