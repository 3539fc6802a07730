"""a YouTube channel id is reserved by a verified link only; outbound webhook secrets encrypted at rest

Revision ID: 0009
Revises: 0008
"""
from alembic import op
import sqlalchemy as sa

from ytempire.common.secrets_at_rest import decrypt_text, encrypt_text

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

LIVE = sa.text("status <> 'deleted'")


def upgrade():
    # Typing an id no longer claims it: only an OAuth grant for it does, once among all accounts.
    # A deleted channel's grant can no longer be used or unlinked; it must not keep the id taken.
    op.execute("DELETE FROM channel_credentials c USING channels ch WHERE ch.id = c.channel_id AND ch.status = 'deleted'")
    op.add_column('channel_credentials', sa.Column('youtube_channel_id', sa.String(length=100), nullable=True))
    op.execute("UPDATE channel_credentials c SET youtube_channel_id = ch.youtube_channel_id "
               "FROM channels ch WHERE ch.id = c.channel_id")
    op.alter_column('channel_credentials', 'youtube_channel_id', nullable=False)
    op.create_index('uq_channel_credentials_youtube_channel_id', 'channel_credentials', ['youtube_channel_id'],
                    unique=True)
    op.drop_index('uq_channels_youtube_channel_id_live', table_name='channels', postgresql_where=LIVE)
    op.create_index('uq_channels_user_id_youtube_channel_id_live', 'channels', ['user_id', 'youtube_channel_id'],
                    unique=True, postgresql_where=LIVE)

    op.alter_column('webhooks', 'secret', new_column_name='encrypted_secret', type_=sa.Text(),
                    existing_type=sa.String(length=100), existing_nullable=False)
    connection = op.get_bind()
    for hook_id, secret in connection.execute(sa.text("SELECT id, encrypted_secret FROM webhooks")).all():
        connection.execute(sa.text("UPDATE webhooks SET encrypted_secret = :value WHERE id = :id"),
                           {"value": encrypt_text(secret), "id": hook_id})


def downgrade():
    connection = op.get_bind()
    for hook_id, ciphertext in connection.execute(sa.text("SELECT id, encrypted_secret FROM webhooks")).all():
        connection.execute(sa.text("UPDATE webhooks SET encrypted_secret = :value WHERE id = :id"),
                           {"value": decrypt_text(ciphertext), "id": hook_id})
    op.alter_column('webhooks', 'encrypted_secret', new_column_name='secret', type_=sa.String(length=100),
                    existing_type=sa.Text(), existing_nullable=False)

    # Fails if two accounts now have live channels with one id: the old rule cannot hold such data.
    op.drop_index('uq_channels_user_id_youtube_channel_id_live', table_name='channels', postgresql_where=LIVE)
    op.create_index('uq_channels_youtube_channel_id_live', 'channels', ['youtube_channel_id'], unique=True,
                    postgresql_where=LIVE)
    op.drop_index('uq_channel_credentials_youtube_channel_id', table_name='channel_credentials')
    op.drop_column('channel_credentials', 'youtube_channel_id')
