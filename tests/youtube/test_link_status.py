"""A channel's YouTube link as the API shows it (youtube_link), unlinking, and why a linked channel keeps its id."""
import uuid

from tests.helpers import assert_error
from tests.youtube.conftest import link
from ytempire.channels.models import Channel
from ytempire.providers.publisher.youtube_upload import UNVERIFIED_APP_WARNING
from ytempire.youtube.models import ChannelCredential

CHANNELS = "/api/v1/channels"


def youtube_link(user, channel_id):
    response = user.get(f"{CHANNELS}/{channel_id}")
    assert response.status_code == 200, response.get_json()
    return response.get_json()["youtube_link"]


def test_a_channel_never_linked_reads_not_linked(user, channel):
    assert youtube_link(user, channel["id"]) == {"status": "not_linked", "warnings": [], "linked_at": None}
    assert channel["youtube_link"]["status"] == "not_linked"       # the create answer says so too


def test_a_linked_channel_reads_active_with_its_link_time(user, channel, linked):
    shown = youtube_link(user, channel["id"])
    assert shown["status"] == "active" and shown["warnings"] == []
    assert shown["linked_at"].endswith("Z")


def test_needs_reauth_and_warnings_are_visible_on_the_channel_and_in_the_list(db, user, channel, linked):
    linked.status = "needs_reauth"
    linked.add_warning(UNVERIFIED_APP_WARNING)
    db.session.commit()
    assert youtube_link(user, channel["id"])["status"] == "needs_reauth"
    listed = user.get(CHANNELS).get_json()["channels"][0]["youtube_link"]
    assert listed["status"] == "needs_reauth" and listed["warnings"] == [UNVERIFIED_APP_WARNING]


def test_repointing_a_linked_channel_to_another_youtube_id_is_409(db, user, channel, linked):
    body = assert_error(user.put(f"{CHANNELS}/{channel['id']}", json={"youtube_channel_id": "UC_someone_else"}),
                        409, "CONFLICT")
    assert body["error"]["details"][0]["field"] == "youtube_channel_id"
    db.session.expire_all()
    assert db.session.get(Channel, uuid.UUID(channel["id"])).youtube_channel_id == channel["youtube_channel_id"]


def test_a_linked_channel_may_resend_its_own_youtube_id_and_change_other_fields(user, channel, linked):
    response = user.put(f"{CHANNELS}/{channel['id']}", json={"youtube_channel_id": channel["youtube_channel_id"],
                                                            "name": "Renamed"})
    assert response.status_code == 200 and response.get_json()["name"] == "Renamed"


def test_after_unlinking_the_channel_can_be_repointed_and_reads_not_linked(db, user, channel, linked):
    assert user.delete(f"{CHANNELS}/{channel['id']}/oauth").status_code == 204
    assert db.session.query(ChannelCredential).count() == 0
    response = user.put(f"{CHANNELS}/{channel['id']}", json={"youtube_channel_id": "UC_another_one"})
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["youtube_link"]["status"] == "not_linked"


def test_unlinking_a_channel_that_is_not_linked_or_not_yours_is_404(db, user, other_user, channel, google):
    assert_error(user.delete(f"{CHANNELS}/{channel['id']}/oauth"), 404, "NOT_FOUND")
    link(db, channel["id"], google)
    assert_error(other_user.delete(f"{CHANNELS}/{channel['id']}/oauth"), 404, "NOT_FOUND")
    assert db.session.query(ChannelCredential).count() == 1
