"""/channels: list, create, read, update, soft delete, tier limits and isolation."""
import threading
import uuid

from tests.helpers import AuthedClient, assert_error, register, set_tier

CHANNELS = "/api/v1/channels"


def channel_body(**overrides):
    body = {"name": "Tech Reviews", "niche": "technology", "youtube_channel_id": f"UC_{uuid.uuid4().hex[:10]}",
            "target_audience": {"age_range": "18-34", "interests": ["tech", "gadgets"], "geography": "US"}}
    body.update(overrides)
    return body


def create(user, **overrides):
    response = user.post(CHANNELS, json=channel_body(**overrides))
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_create_channel_returns_201_with_id_name_status_created_at(user):
    response = user.post(CHANNELS, json=channel_body(name="My Tech Channel"))
    assert response.status_code == 201
    body = response.get_json()
    uuid.UUID(body["id"])
    assert body["name"] == "My Tech Channel" and body["status"] == "active"
    assert body["created_at"].endswith("Z")
    assert body["target_audience"]["interests"] == ["tech", "gadgets"]


def test_list_channels_has_reference_fields_and_pagination(user):
    create(user)
    body = user.get(CHANNELS).get_json()
    assert body["pagination"] == {"page": 1, "limit": 10, "total": 1, "pages": 1}
    channel = body["channels"][0]
    for field in ("id", "name", "youtube_channel_id", "niche", "status", "subscriber_count", "video_count",
                  "monetization_enabled", "created_at"):
        assert field in channel


def test_list_channels_paginates(app, user):
    set_tier(app, user.user_id, "starter")
    for _ in range(5):
        create(user)
    body = user.get(f"{CHANNELS}?page=2&limit=2").get_json()
    assert body["pagination"] == {"page": 2, "limit": 2, "total": 5, "pages": 3}
    assert len(body["channels"]) == 2


def test_list_channels_with_out_of_range_page_or_limit_is_400(user):
    for query in ("page=0", "limit=0", "limit=51", "page=abc", "limit=-1"):
        assert_error(user.get(f"{CHANNELS}?{query}"), 400, "VALIDATION_ERROR")


def test_list_channels_with_unknown_status_is_400(user):
    body = assert_error(user.get(f"{CHANNELS}?status=archived"), 400, "VALIDATION_ERROR")
    assert body["error"]["details"][0]["field"] == "status"


def test_list_channels_filters_by_status_and_hides_deleted_by_default(app, user):
    set_tier(app, user.user_id, "starter")
    active, paused, deleted = create(user), create(user), create(user)
    user.put(f"{CHANNELS}/{paused['id']}", json={"status": "paused"})
    user.delete(f"{CHANNELS}/{deleted['id']}")
    ids = lambda query: {c["id"] for c in user.get(f"{CHANNELS}{query}").get_json()["channels"]}  # noqa: E731
    assert ids("") == {active["id"], paused["id"]}
    assert ids("?status=active") == {active["id"]}
    assert ids("?status=paused") == {paused["id"]}
    assert ids("?status=deleted") == {deleted["id"]}


def test_create_channel_with_missing_or_invalid_fields_is_400(user):
    body = assert_error(user.post(CHANNELS, json={"niche": "x"}), 400, "VALIDATION_ERROR")
    assert {d["field"] for d in body["error"]["details"]} == {"name", "youtube_channel_id"}
    assert_error(user.post(CHANNELS, json=channel_body(youtube_channel_id="has spaces!")), 400, "VALIDATION_ERROR")
    assert_error(user.post(CHANNELS, json=channel_body(name="")), 400, "VALIDATION_ERROR")
    assert_error(user.post(CHANNELS, json=channel_body(target_audience={"age_range": "old"})), 400, "VALIDATION_ERROR")


def test_create_channel_over_free_tier_limit_is_403(user):
    create(user)
    assert_error(user.post(CHANNELS, json=channel_body()), 403, "CHANNEL_LIMIT_EXCEEDED")


def test_tier_limits_follow_the_subscription(app, user):
    set_tier(app, user.user_id, "starter")
    for _ in range(5):
        create(user)
    assert_error(user.post(CHANNELS, json=channel_body()), 403, "CHANNEL_LIMIT_EXCEEDED")


def test_deleted_channel_no_longer_counts_against_the_limit(user):
    first = create(user)
    assert user.delete(f"{CHANNELS}/{first['id']}").status_code == 204
    create(user)


def test_reactivating_a_paused_channel_over_the_limit_is_403(user):
    first = create(user)
    user.put(f"{CHANNELS}/{first['id']}", json={"status": "paused"})
    create(user)
    assert_error(user.put(f"{CHANNELS}/{first['id']}", json={"status": "active"}), 403, "CHANNEL_LIMIT_EXCEEDED")


def test_concurrent_creates_cannot_both_pass_the_limit(app, client):
    user = AuthedClient(client, register(client))
    results = []
    barrier = threading.Barrier(6)

    def attempt():
        local = AuthedClient(app.test_client(), user.tokens)
        barrier.wait()
        results.append(local.post(CHANNELS, json=channel_body()).status_code)

    threads = [threading.Thread(target=attempt) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [201, 403, 403, 403, 403, 403]
    assert user.get(CHANNELS).get_json()["pagination"]["total"] == 1


def test_typing_a_youtube_channel_id_reserves_nothing_and_tells_nobody_who_else_has_it(user, other_user):
    """Only a verified OAuth link claims a YouTube channel; a squatter cannot block the real owner."""
    squatted = create(other_user, youtube_channel_id="UC_shared123")
    owners = user.post(CHANNELS, json=channel_body(youtube_channel_id="UC_shared123"))
    assert owners.status_code == 201, owners.get_json()
    assert owners.get_json()["youtube_channel_id"] == squatted["youtube_channel_id"] == "UC_shared123"


def test_one_account_cannot_have_two_live_channels_for_one_youtube_channel(app, user):
    set_tier(app, user.user_id, "starter")
    create(user, youtube_channel_id="UC_twice1234")
    body = assert_error(user.post(CHANNELS, json=channel_body(youtube_channel_id="UC_twice1234")), 409, "CONFLICT")
    assert body["error"]["details"][0]["field"] == "youtube_channel_id"
    assert body["error"]["message"] == "You already have a channel for this YouTube channel"


def test_youtube_channel_id_of_a_deleted_channel_can_be_linked_again(user):
    first = create(user, youtube_channel_id="UC_again123")
    user.delete(f"{CHANNELS}/{first['id']}")
    create(user, youtube_channel_id="UC_again123")


def test_get_update_and_delete_own_channel(user):
    channel = create(user)
    assert user.get(f"{CHANNELS}/{channel['id']}").get_json()["name"] == "Tech Reviews"
    updated = user.put(f"{CHANNELS}/{channel['id']}", json={"name": "Renamed", "niche": "gadgets"})
    assert updated.status_code == 200
    assert updated.get_json()["name"] == "Renamed" and updated.get_json()["niche"] == "gadgets"
    assert user.delete(f"{CHANNELS}/{channel['id']}").status_code == 204
    assert user.get(f"{CHANNELS}/{channel['id']}").get_json()["status"] == "deleted"
    assert_error(user.put(f"{CHANNELS}/{channel['id']}", json={"name": "x"}), 404, "NOT_FOUND")


def test_update_channel_with_invalid_data_changes_nothing(user):
    channel = create(user)
    assert_error(user.put(f"{CHANNELS}/{channel['id']}", json={"status": "deleted"}), 400, "VALIDATION_ERROR")
    assert_error(user.put(f"{CHANNELS}/{channel['id']}", json={"name": ""}), 400, "VALIDATION_ERROR")
    assert user.get(f"{CHANNELS}/{channel['id']}").get_json()["name"] == "Tech Reviews"


def test_update_to_a_youtube_id_linked_elsewhere_is_409(app, user):
    set_tier(app, user.user_id, "starter")
    create(user, youtube_channel_id="UC_taken1234")
    second = create(user)
    assert_error(user.put(f"{CHANNELS}/{second['id']}", json={"youtube_channel_id": "UC_taken1234"}), 409, "CONFLICT")


def test_another_users_channel_is_404_for_every_method(user, other_user):
    channel = create(user)
    url = f"{CHANNELS}/{channel['id']}"
    assert_error(other_user.get(url), 404, "NOT_FOUND")
    assert_error(other_user.put(url, json={"name": "Stolen"}), 404, "NOT_FOUND")
    assert_error(other_user.delete(url), 404, "NOT_FOUND")
    assert other_user.get(CHANNELS).get_json()["channels"] == []
    assert user.get(url).get_json()["name"] == "Tech Reviews"


def test_malformed_channel_id_is_404(user):
    assert_error(user.get(f"{CHANNELS}/not-a-uuid"), 404, "NOT_FOUND")


def test_youtube_upload_settings_are_stored_and_merged(user):
    channel = create(user, youtube_settings={"made_for_kids": False, "category_id": "28"})
    assert channel["youtube_settings"] == {"made_for_kids": False, "category_id": "28"}
    updated = user.put(f"{CHANNELS}/{channel['id']}", json={"youtube_settings": {"playlist_id": "PL_abc123"}})
    assert updated.get_json()["youtube_settings"] == {"made_for_kids": False, "category_id": "28",
                                                      "playlist_id": "PL_abc123"}
    assert_error(user.put(f"{CHANNELS}/{channel['id']}", json={"youtube_settings": {"category_id": "music"}}),
                 400, "VALIDATION_ERROR")
