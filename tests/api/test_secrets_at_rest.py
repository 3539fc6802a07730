"""Outbound webhook signing secrets are stored like OAuth tokens: Fernet ciphertext, never in clear."""
import uuid

from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from ytempire.outbound_webhooks.models import Webhook
from ytempire.common.secrets_at_rest import decrypt_text


def test_a_new_hooks_signing_secret_is_stored_encrypted_and_still_signs(user, db, app):
    app.config["WEBHOOK_ALLOW_PRIVATE_TARGETS"] = True
    try:
        created = user.post("/api/v1/hooks", json={"url": "http://127.0.0.1:9/x", "events": ["video.completed"]})
    finally:
        app.config["WEBHOOK_ALLOW_PRIVATE_TARGETS"] = False
    secret = created.get_json()["secret"]
    row = db.session.execute(text("SELECT * FROM webhooks")).mappings().one()
    assert secret not in " ".join(str(value) for value in row.values())
    assert decrypt_text(row["encrypted_secret"]) == secret
    assert db.session.get(Webhook, uuid.UUID(created.get_json()["id"])).secret == secret


def test_the_migration_encrypts_secrets_stored_in_clear_and_its_downgrade_restores_them(app, db, user):
    hook_id = uuid.uuid4()
    # Migrating down drops later tables that reference users: our session must hold no lock on them.
    db.session.rollback()
    try:
        downgrade(revision="0008")  # the revision before the hook-secret encryption
        db.session.execute(text("INSERT INTO webhooks (id, user_id, url, events, secret, active) "
                                "VALUES (:id, :user_id, 'https://example.com/h', '[\"video.completed\"]', "
                                "'whsec_clear', true)"), {"id": hook_id, "user_id": uuid.UUID(user.user_id)})
        db.session.commit()
        upgrade()
        stored = db.session.execute(text("SELECT encrypted_secret FROM webhooks")).scalar_one()
        assert "whsec_clear" not in stored and decrypt_text(stored) == "whsec_clear"
        assert db.session.get(Webhook, hook_id).secret == "whsec_clear"
        db.session.commit()
        db.session.rollback()
        downgrade(revision="0008")  # the revision before the hook-secret encryption
        assert db.session.execute(text("SELECT secret FROM webhooks")).scalar_one() == "whsec_clear"
    finally:
        db.session.rollback()
        upgrade()
